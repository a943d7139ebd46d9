"""The attendance indicators as of a date, from the database (docs/definitions.md §15).

Per academic year of the enrolled children (usually one): the school days of the year up to the
date (``qinfo.attendance.calendar.school_days_before``), the term running on the date
(``term_of``), then one aggregate query of daily marks counted per student, status group and
period (the term's earlier days, the last 20 school days), and one small query of the missed
days of the last school days for the run of days absent in a row, which
``qinfo.riskmodel.columnar.trailing_run`` counts, the same function the national benchmark uses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

import numpy as np
import pandas as pd
from django.db import connection
from django.db.models import Count, Q, QuerySet

from qinfo.attendance.calendar import ONE_DAY, school_days_before, term_of
from qinfo.attendance.models import DAILY, AttendanceMark, AttendanceStatus
from qinfo.organisations.models import Classroom, School
from qinfo.risk.indicators_query import SMALL_SELECTION, frame_of
from qinfo.riskmodel import columnar

MISSED = (AttendanceStatus.SICK, AttendanceStatus.LEAVE, AttendanceStatus.ABSENT)
#: Periods of a mark: before the term began (inside the 20-day window only), the term's days
#: before the window, the window's days inside the term.
BEFORE_TERM, TERM_EARLY, TERM_WINDOW = 0, 1, 2


def attendance_frame(as_of: dt.date, enrolled: pd.DataFrame) -> pd.DataFrame:
    """The five attendance columns for the enrolled children (index student_id)."""
    parts = [
        _one_year(as_of, int(year_id), group.index)
        for year_id, group in enrolled.groupby("academic_year_id")
    ]
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame(columns=list(columnar.ATTENDANCE_COLUMNS), dtype=float)
    return pd.concat(parts)


def _one_year(as_of: dt.date, year_id: int, students: pd.Index) -> pd.DataFrame:
    # The calendar helpers ask only for the classroom's year.
    room = Classroom(academic_year_id=year_id)
    term = term_of(room, as_of)
    days = school_days_before(room, as_of + ONE_DAY)  # latest first, up to and including as_of
    if term is None or not days:
        return pd.DataFrame(columns=list(columnar.ATTENDANCE_COLUMNS), dtype=float)
    first = days[: columnar.WINDOW_DAYS][-1]
    # One pass over the marks, grouped by student (the order of the (student, date, period)
    # index): marked and missed days in each part, and whether the last school day was missed.
    parts = {
        BEFORE_TERM: Q(date__lt=term.start_date),
        TERM_EARLY: Q(date__gte=term.start_date, date__lt=first),
        TERM_WINDOW: Q(date__gte=max(term.start_date, first)),
    }
    gone = Q(status__in=MISSED)
    counts = {f"n{p}": Count("id", filter=q) for p, q in parts.items()}
    counts |= {f"m{p}": Count("id", filter=q & gone) for p, q in parts.items()}
    counts["last"] = Count("id", filter=Q(date=days[0]) & gone)
    rows = (
        _marks(year_id, students, min(first, term.start_date), as_of)
        .values("student_id")
        .annotate(**counts)
    )
    wide = frame_of(rows, ("student_id", *counts)).set_index("student_id")
    wide = wide.reindex(index=students, fill_value=0).astype(np.int64)
    n = {p: wide[f"n{p}"].to_numpy() for p in parts}
    m = {p: wide[f"m{p}"].to_numpy() for p in parts}
    term_n = n[TERM_EARLY] + n[TERM_WINDOW]
    term_missed = m[TERM_EARLY] + m[TERM_WINDOW]
    win_n = n[BEFORE_TERM] + n[TERM_WINDOW]
    win_missed = m[BEFORE_TERM] + m[TERM_WINDOW]
    rate = columnar.percent_attended
    # Chronic absence counts the term so far, reaching back to the last 20 school days while the
    # term is younger than that: one missed day of a week-old term is not chronic.
    young = term.start_date > first
    span_n = term_n + (n[BEFORE_TERM] if young else 0)
    span_missed = term_missed + (m[BEFORE_TERM] if young else 0)
    chronic = np.where(
        span_n > 0, (span_missed * columnar.CHRONIC_ONE_IN >= span_n).astype(np.float64), np.nan
    )
    streaks = pd.Series(0.0, index=students)
    absent_last = [int(s) for s in wide.index[wide["last"] > 0]]
    if absent_last:
        streaks.loc[absent_last] = _streaks(days, absent_last, year_id)
    return pd.DataFrame(
        {
            "attendance_rate_term": rate(term_n - term_missed, term_n),
            "attendance_rate_20d": rate(win_n - win_missed, win_n),
            "absent_streak": streaks.to_numpy(),
            "chronic_absence": chronic,
            "absence_trend": (100.0 - rate(win_n - win_missed, win_n))
            - (100.0 - rate(n[TERM_EARLY] - m[TERM_EARLY], n[TERM_EARLY])),
        },
        index=students,
    )


def _marks(
    year_id: int, students: Collection[int], since: dt.date, until: dt.date
) -> QuerySet[AttendanceMark]:
    """Daily marks dated from ``since`` to ``until``. A small selection names its children;
    a whole network reads the date range (SQLite walks its (student, date, period) index for
    that; PostgreSQL is pointed at the (school, date) index by naming the year's schools)."""
    marks = AttendanceMark.objects.filter(period=DAILY, date__gte=since, date__lte=until)
    if len(students) <= SMALL_SELECTION:
        return marks.filter(student_id__in=list(students))
    if connection.vendor != "sqlite":
        schools = School.objects.filter(network__academic_years=year_id).values("id")
        marks = marks.filter(school_id__in=schools)
    return marks


def _streaks(days: list[dt.date], ids: list[int], year_id: int) -> np.ndarray:
    """Days absent in a row ending at ``days[0]`` (the last school day up to the date) of the
    children missing on that day: their missed days are read backwards in growing windows
    (first the last 20 school days), only for those whose run fills the window."""
    streaks = pd.Series(0.0, index=ids)
    size = columnar.WINDOW_DAYS
    while ids:
        window = days[:size]
        rows = _marks(year_id, ids, window[-1], window[0]).filter(status__in=MISSED)
        column = {day: len(window) - 1 - i for i, day in enumerate(window)}  # oldest first
        row_of = {sid: i for i, sid in enumerate(ids)}
        flags = np.zeros((len(ids), len(window)), dtype=np.bool_)
        found = frame_of(rows, ("student_id", "date"))
        for sid, on in zip(found["student_id"], pd.to_datetime(found["date"]).dt.date, strict=True):
            if on in column:
                flags[row_of[sid], column[on]] = True
        runs = columnar.trailing_run(flags)
        streaks.loc[ids] = runs.astype(np.float64)
        if len(window) == len(days):
            break
        ids = [sid for sid, run in zip(ids, runs, strict=True) if run == len(window)]
        size *= 4
    return streaks.to_numpy()
