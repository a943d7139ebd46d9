"""The columnar attendance indicators against a plain per-student loop (docs/definitions.md §15),
and the synthetic national population: seeded, chunked, plausible."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from qinfo.riskmodel import columnar
from qinfo.riskmodel.columnar import Calendar, attendance_indicators, trailing_run
from qinfo.riskmodel.columnar_population import calendar, generate
from qinfo.riskmodel.features import NAMES

LETTERS = {0: None, 1: "P", 2: "L", 3: "S", 4: "E", 5: "A", 6: "T"}


def oracle(row: list[int], cal: Calendar) -> dict[str, float]:
    statuses = [LETTERS[c] for c in row[: cal.days]]
    term = list(range(min(cal.term_start, cal.days), cal.days))
    window = list(range(max(cal.days - 20, 0), cal.days))
    early = [d for d in term if d < window[0]] if window else []

    def rate(days: list[int]) -> float:
        marked = [statuses[d] for d in days if statuses[d] is not None]
        if not marked:
            return math.nan
        return 100.0 * sum(s in "PLT" for s in marked) / len(marked)

    streak = 0
    for status in reversed(statuses):
        if status is None or status not in "SEA":
            break
        streak += 1
    # Chronic absence: the term so far, or the last 20 school days while the term is younger.
    span = term if len(term) >= len(window) else window
    marked = [statuses[d] for d in span if statuses[d] is not None]
    missed = sum(s in "SEA" for s in marked)
    chronic = float(Fraction(missed, len(marked)) >= Fraction(1, 10)) if marked else math.nan
    return {
        "attendance_rate_term": rate(term),
        "attendance_rate_20d": rate(window),
        "absent_streak": float(streak),
        "chronic_absence": chronic,
        "absence_trend": (100.0 - rate(window)) - (100.0 - rate(early)),
    }


def same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, abs_tol=1e-9)


@st.composite
def matrices(draw: st.DrawFn) -> tuple[np.ndarray, Calendar]:
    rows = draw(st.integers(1, 8))
    columns = draw(st.integers(1, 60))
    # Mostly present, with runs: statuses weighted by repeating some codes.
    codes = st.sampled_from([1, 1, 1, 2, 3, 4, 5, 5, 6, 0])
    cells = draw(st.lists(codes, min_size=rows * columns, max_size=rows * columns))
    days = draw(st.integers(0, columns))
    term_start = draw(st.integers(0, max(days - 1, 0)))
    marks = np.array(cells, dtype=np.int8).reshape(rows, columns)
    return marks, Calendar(days=days, term_start=term_start)


@settings(max_examples=300, deadline=None)
@given(matrices())
def test_attendance_indicators_equal_a_plain_loop(case: tuple[np.ndarray, Calendar]) -> None:
    marks, cal = case
    got = attendance_indicators(marks, cal)
    assert set(got) == set(columnar.ATTENDANCE_COLUMNS) <= set(NAMES)
    for i, row in enumerate(marks.tolist()):
        expected = oracle(row, cal)
        for name, value in expected.items():
            assert same(float(got[name][i]), value), (name, row, cal, got[name][i], value)


def test_later_columns_are_ignored() -> None:
    marks = np.array([[1, 5, 5, 5, 1, 1]], dtype=np.int8)
    got = attendance_indicators(marks, Calendar(days=4, term_start=0))
    assert got["absent_streak"][0] == 3 and got["attendance_rate_term"][0] == 25.0
    assert got["chronic_absence"][0] == 1.0


def test_trailing_run() -> None:
    flags = np.array([[0, 1, 1], [1, 1, 1], [1, 1, 0], [0, 0, 0]], dtype=bool)
    assert trailing_run(flags).tolist() == [2, 3, 0, 0]
    assert trailing_run(np.zeros((2, 0), dtype=bool)).tolist() == [0, 0]


def test_the_population_is_seeded_chunked_and_plausible() -> None:
    first = list(generate(2_500, seed=7, days=120, chunk=1_000))
    again = list(generate(2_500, seed=7, days=120, chunk=1_000))
    other = list(generate(2_500, seed=8, days=120, chunk=1_000))
    assert [c.start for c in first] == [0, 1_000, 2_000]
    assert [len(c.marks) for c in first] == [1_000, 1_000, 500]
    assert all(np.array_equal(a.marks, b.marks) for a, b in zip(first, again, strict=True))
    assert not np.array_equal(first[0].marks, other[0].marks)
    marks = np.concatenate([c.marks for c in first])
    assert marks.dtype == np.int8 and marks.shape == (2_500, 120)
    got = attendance_indicators(marks, calendar(120))
    assert 90 < np.nanmean(got["attendance_rate_term"]) < 98
    assert 0.03 < np.nanmean(got["chronic_absence"]) < 0.3
    assert (got["absent_streak"] >= 3).any()
    frame = first[0].other
    assert set(NAMES) - set(columnar.ATTENDANCE_COLUMNS) <= set(frame.columns)
    assert frame["label"].isin([0, 1]).all() and 0 < frame["label"].mean() < 0.1
    young = frame["grade"].between(4, 6)
    assert frame.loc[~young, "reading_level"].isna().all()
    assert frame.loc[young, "reading_level"].between(1, 4).all()
