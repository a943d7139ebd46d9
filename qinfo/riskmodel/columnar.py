"""The attendance indicators in columnar form, for national scale (docs/definitions.md §15).

Marks are an ``int8`` matrix, one row per student and one column per school day of the academic
year in date order, holding a status code (``CODES``; 0 = no mark). The functions here compute the
same attendance indicators as ``qinfo.risk.indicators`` does from the database, vectorised over
rows; ``qinfo.risk.indicators_attendance`` itself uses ``trailing_run`` for days absent in a row,
and a test compares both on the same marks. The synthetic national population lives in
``qinfo.riskmodel.columnar_population``.

Pure numpy: no Django, no other qinfo module.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

#: Status codes of the matrix (docs/definitions.md §2); 0 is a school day without a mark.
NO_MARK = 0
CODES: dict[str, int] = {"P": 1, "L": 2, "S": 3, "E": 4, "A": 5, "T": 6}
ATTENDED_CODES = (CODES["P"], CODES["L"], CODES["T"])
MISSED_CODES = (CODES["S"], CODES["E"], CODES["A"])
#: The number of latest school days of the "last 20 school days" indicators.
WINDOW_DAYS = 20
#: Chronic absence: missing one marked day in this many or more (10%, docs/definitions.md §2);
#: compared in whole numbers (missed × 10 ≥ marked), so 3 of 30 is chronic exactly.
CHRONIC_ONE_IN = 10

Matrix = npt.NDArray[np.int8]
Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]

ATTENDANCE_COLUMNS = (
    "attendance_rate_term",
    "attendance_rate_20d",
    "absent_streak",
    "chronic_absence",
    "absence_trend",
)


def _lookup(codes: tuple[int, ...]) -> npt.NDArray[np.bool_]:
    table = np.zeros(256, dtype=np.bool_)
    table[list(codes)] = True
    return table


_ATTENDED = _lookup(ATTENDED_CODES)
_MISSED = _lookup(MISSED_CODES)


def attended(marks: Matrix) -> npt.NDArray[np.bool_]:
    return _ATTENDED[marks.view(np.uint8)]


def missed(marks: Matrix) -> npt.NDArray[np.bool_]:
    return _MISSED[marks.view(np.uint8)]


def trailing_run(flags: npt.NDArray[np.bool_]) -> Ints:
    """Per row, the number of True cells at the end of the row (the last column is the latest
    day): the run that a False cell, or the row's start, ends."""
    days = flags.shape[1]
    if days == 0:
        return np.zeros(flags.shape[0], dtype=np.int64)
    broken = ~flags[:, ::-1]
    first_break = np.argmax(broken, axis=1)
    return np.where(broken.any(axis=1), first_break, days).astype(np.int64)


def percent_attended(attended_days: Ints, marked_days: Ints) -> Floats:
    """The attendance rate (docs/definitions.md §2) in percent; NaN with no marked day."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(marked_days > 0, 100.0 * attended_days / marked_days, np.nan)


@dataclass(frozen=True)
class Calendar:
    """The school days of one academic year up to the day of the indicators.

    ``days``: the number of school days up to and including the day (the matrix's first
    ``days`` columns); ``term_start``: the column of the first school day of the term running
    on the day (between terms, of the last term begun). The matrix may hold later columns:
    they are ignored, so nothing after the day can leak in."""

    days: int
    term_start: int


def attendance_indicators(marks: Matrix, calendar: Calendar) -> dict[str, Floats]:
    """The five attendance indicators of docs/definitions.md §15 for every row of ``marks``.

    Rates are percentages of the marked days (a day without a mark counts for nothing), NaN
    with no marked day; the streak counts the missed school days ending at the last school day
    (a day without a mark ends it); the trend is the absence rate (percent) of the last 20 school
    days minus that of the term's school days before them, NaN when either has no mark."""
    upto = marks[:, : calendar.days]
    window_start = max(calendar.days - WINDOW_DAYS, 0)
    term_start = min(calendar.term_start, calendar.days)
    came = attended(upto)
    gone = missed(upto)

    def counts(lo: int, hi: int) -> tuple[Ints, Ints]:
        a = came[:, lo:hi].sum(axis=1, dtype=np.int64)
        m = gone[:, lo:hi].sum(axis=1, dtype=np.int64)
        return a, a + m

    term_att, term_n = counts(term_start, calendar.days)
    win_att, win_n = counts(window_start, calendar.days)
    early_att, early_n = counts(term_start, max(window_start, term_start))
    term_rate = percent_attended(term_att, term_n)
    # The term so far, reaching back to the last 20 school days while the term is younger.
    span_att, span_n = counts(min(term_start, window_start), calendar.days)
    chronic = np.where(
        span_n > 0, ((span_n - span_att) * CHRONIC_ONE_IN >= span_n).astype(np.float64), np.nan
    )
    trend = (100.0 - percent_attended(win_att, win_n)) - (
        100.0 - percent_attended(early_att, early_n)
    )
    return {
        "attendance_rate_term": term_rate,
        "attendance_rate_20d": percent_attended(win_att, win_n),
        "absent_streak": trailing_run(gone).astype(np.float64),
        "chronic_absence": chronic,
        "absence_trend": trend,
    }
