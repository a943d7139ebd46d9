"""Data completeness (docs/definitions.md §21, Efficiency) against hand counts, on DuckDB and
SQLite, and the school-day arithmetic against a day-by-day count.

Academic year 2569 (year 1: 16 May 2026 – 15 May 2027) with two short terms:
term 1 Mon 18 May – Fri 29 May 2026 (10 weekdays, Wed 20 May a holiday, Sat 23 May also recorded
as a non-school day but not a weekday: 9 school days), term 2 Mon 1 Jun – Fri 12 Jun (10).
Classes X (id 1, school 1) and Y (id 2, school 2), both ป.1.

    child sex enrolments                                         daily marks
    a     F   X from 18 May, active                              every school day but 19 May, 10 Jun
    b     M   X 18 May – 5 Jun, dropped out                      every school day enrolled (14)
    c     F   X 18–25 May (transferred out), Y from 25 May       one a school day (19)
    d     M   Y from 3 Jun                                       every school day enrolled (8)

Expected school days: a 9 + 10 = 19; b 9 + 5 = 14; c 18–25 May in X (18, 19, 21, 22, 25 = 5)
+ 25–29 May in Y (5) + 10 = 20 (the transfer day counts in both enrolments, as in §14);
d 3–12 Jun = 8. Entered: a 17, b 14, c 19, d 8.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st

from qinfo.indicators.defs_completeness import epoch_days, weekdays
from qinfo.indicators.frame import Cut
from tests.indicators.efficiency_data import (
    ENGINES,
    D,
    Rows,
    classroom,
    enrolment,
    school,
    term,
    year,
)
from tests.indicators.test_efficiency import one

A, B, C, DD = 1, 2, 3, 4
HOLIDAY = D("2026-05-20")


def school_days(first: str, last: str) -> list[dt.date]:
    """Weekdays from first to last (both included), less the holiday: a plain day-by-day count."""
    days, day = [], D(first)
    while day <= D(last):
        if day.weekday() < 5 and day != HOLIDAY:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def completeness_rows() -> Rows:
    every = school_days("2026-05-18", "2026-05-29") + school_days("2026-06-01", "2026-06-12")
    marked = {
        A: [d for d in every if d not in (D("2026-05-19"), D("2026-06-10"))],
        B: [d for d in every if d <= D("2026-06-05")],
        C: every,
        DD: [d for d in every if d >= D("2026-06-03")],
    }
    school_of = {A: 1, B: 1, C: 2, DD: 2}
    marks = [
        {"student_id": s, "date": d, "school_id": school_of[s], "classroom_id": 1, "status": "P"}
        for s, days in marked.items()
        for d in days
    ]
    result = {"term_id": 0, "school_id": 1, "score": 50.0, "grade": None, "special_mark": ""}
    return {
        "networks": [{"network_id": 1, "kind": "municipality"}],
        "schools": [school(1), school(2)],
        "years": [year(1, 2569)],
        "terms": [
            term(1, 1, 1, "2026-05-18", "2026-05-29"),
            term(2, 1, 2, "2026-06-01", "2026-06-12"),
        ],
        "non_school_days": [
            {"year_id": 1, "date": HOLIDAY},
            {"year_id": 1, "date": D("2026-05-23")},
        ],
        "classrooms": [classroom(1, 1, 1, 4), classroom(2, 2, 1, 4)],
        "students": [
            {"student_id": A, "sex": "F"},
            {"student_id": B, "sex": "M"},
            {"student_id": C, "sex": "F"},
            {"student_id": DD, "sex": "M"},
        ],
        "enrolments": [
            enrolment(1, A, 1, 1, 1, "2026-05-18"),
            enrolment(2, B, 1, 1, 1, "2026-05-18", "2026-06-05", "dropped_out", "unspecified"),
            enrolment(3, C, 1, 1, 1, "2026-05-18", "2026-05-25", "transferred_out", "moved_house"),
            enrolment(4, C, 2, 2, 1, "2026-05-25"),
            enrolment(5, DD, 2, 2, 1, "2026-06-03"),
        ],
        "attendance": marks,
        # Courses: X term 1: 11, 12; Y term 1: 13; X term 2: 14; Y term 2: 15.
        "courses": [
            {"course_id": 11, "classroom_id": 1, "term_id": 1, "subject_id": 1, "hours": 20},
            {"course_id": 12, "classroom_id": 1, "term_id": 1, "subject_id": 2, "hours": 20},
            {"course_id": 13, "classroom_id": 2, "term_id": 1, "subject_id": 1, "hours": 20},
            {"course_id": 14, "classroom_id": 1, "term_id": 2, "subject_id": 1, "hours": 20},
            {"course_id": 15, "classroom_id": 2, "term_id": 2, "subject_id": 1, "hours": 20},
        ],
        "results": [
            result | {"student_id": A, "course_id": 11, "grade": 3.0},
            result | {"student_id": A, "course_id": 12, "special_mark": "ร"},
            result | {"student_id": B, "course_id": 11},  # a score alone: not entered
            result | {"student_id": B, "course_id": 12, "grade": 0.0},
            result | {"student_id": C, "course_id": 13, "grade": 2.5},
            result | {"student_id": A, "course_id": 14, "grade": 4.0},
            result | {"student_id": DD, "course_id": 15, "grade": 1.0},
        ],
        "health": [
            {"student_id": A, "term_id": 1, "school_id": 1, "date": D("2026-05-20")},
            {"student_id": C, "term_id": 2, "school_id": 2, "date": D("2026-06-02")},
            {"student_id": A, "term_id": 2, "school_id": 1, "date": D("2026-06-05")},
        ],
        "sdq": [
            {"student_id": A, "school_id": 1, "date": D("2026-06-01"), "form": "teacher"},
            {"student_id": B, "school_id": 1, "date": D("2026-06-01"), "form": "parent"},
            {"student_id": C, "school_id": 1, "date": D("2025-12-01"), "form": "teacher"},
        ],
        "poverty": [
            {"screening_id": 1, "student_id": B, "year_id": 1, "date": D("2026-05-28")},
            {"screening_id": 2, "student_id": C, "year_id": 1, "date": D("2026-05-28")},
        ],
        "home_visits": [{"visit_id": 1, "student_id": A, "year_id": 1, "date": D("2026-06-06")}],
    }


@pytest.fixture(params=sorted(ENGINES), scope="module")
def source(request: pytest.FixtureRequest) -> Any:
    return ENGINES[request.param](**completeness_rows())


def test_completeness_of_the_year(source: Any) -> None:
    # Grades: term 1 (due 29 May; enrolled then: a, b in X, c in Y): a 11 ✓ 12 ✓ (ร), b 11 ✗
    # (a score alone) 12 ✓ (grade 0), c 13 ✓ → 4 / 5. Term 2 (12 Jun: a in X, c and d in Y;
    # b left): a 14 ✓, c 15 ✗, d 15 ✓ → 2 / 3. Year 6 / 8.
    # Health: term 1 (a, b, c): a ✓ (20 May), b ✗, c ✗ (2 Jun is term 2) → 1 / 3; term 2 (a, c,
    # d): a ✓, c ✓, d ✗ → 2 / 3. Year 3 / 6.
    # Yearly, due on 29 May (a, b, c enrolled; d came later): SDQ teacher form in the year: a ✓,
    # b only a parent form ✗, c a form of the year before ✗ → 1 / 3; poverty: b, c → 2 / 3;
    # home visits: a → 1 / 3.
    assert one(source, "data_completeness", Cut(2569)) == {
        "attendance": (17 + 14 + 19 + 8, 19 + 14 + 20 + 8),
        "grades": (6, 8),
        "health": (3, 6),
        "sdq": (1, 3),
        "poverty": (2, 3),
        "home_visits": (1, 3),
    }


def test_completeness_cut_and_filtered(source: Any) -> None:
    # By school of the last enrolment: a, b in school 1; c, d in school 2.
    by_school = one(source, "data_completeness", Cut(2569, by=("school",)), "school")
    assert by_school[("attendance", 1)] == (17 + 14, 19 + 14)
    assert by_school[("attendance", 2)] == (19 + 8, 20 + 8)
    assert by_school[("grades", 1)] == (4, 5)  # a 11, 12, 14; b 11 ✗, 12
    assert by_school[("grades", 2)] == (2, 3)  # c 13, 15 ✗; d 15
    assert by_school[("sdq", 2)] == (0, 1)  # c only (d not due)
    # Girls (a, c).
    girls = one(source, "data_completeness", Cut(2569, where={"sex": ("F",)}))
    assert girls["attendance"] == (17 + 19, 19 + 20)
    assert girls["health"] == (3, 4)  # a term 1 ✓ term 2 ✓; c term 1 ✗ term 2 ✓


def test_completeness_of_a_term(source: Any) -> None:
    # Term 1: a, b, c (d came in term 2). Attendance: a 9 days 8 marks, b 9 / 9, c 10 / 9.
    term1 = one(source, "data_completeness", Cut(2569, term=1))
    assert term1["attendance"] == (8 + 9 + 9, 9 + 9 + 10)
    assert term1["grades"] == (4, 5)
    assert term1["health"] == (1, 3)
    # Term 2: a 10 days 9 marks, b 5 / 5, c 10 / 10, d 8 / 8; grades and health of term 2 only.
    term2 = one(source, "data_completeness", Cut(2569, term=2))
    assert term2["attendance"] == (9 + 5 + 10 + 8, 10 + 5 + 10 + 8)
    assert term2["grades"] == (2, 3)
    assert term2["health"] == (2, 3)
    assert term2["sdq"] == (1, 3)  # yearly kinds as in the year


def test_completeness_counts_up_to_today(source: Any) -> None:
    # Wed 3 Jun 2026: attendance up to today: a 9 + 3 days, 8 + 3 marks; b 12 / 12; c 13 / 12;
    # d 1 / 1. Term 2 has not ended: grades and health of term 1 only; the yearly kinds are due.
    with time_machine.travel(dt.datetime(2026, 6, 3, 12, tzinfo=dt.UTC), tick=False):
        now = one(source, "data_completeness", Cut(2569))
    assert now["attendance"] == (11 + 12 + 12 + 1, 12 + 12 + 13 + 1)
    assert now["grades"] == (4, 5)
    assert now["health"] == (1, 3)
    assert now["home_visits"] == (1, 3)
    # Mon 25 May: term 1 is running, so only attendance is due (18, 19, 21, 22, 25 May: 5 days;
    # a missed the 19th; c has 5 days in X and 1 in Y, 5 marks).
    with time_machine.travel(dt.datetime(2026, 5, 25, 12, tzinfo=dt.UTC), tick=False):
        early = one(source, "data_completeness", Cut(2569))
    assert early == {"attendance": (4 + 5 + 5, 5 + 5 + 6)}


# The school-day arithmetic ---------------------------------------------------------------------
_CALENDARS: dict[str, Any] = {}


def calendar_source(name: str) -> Any:
    if name not in _CALENDARS:
        _CALENDARS[name] = ENGINES[name](years=[year(1, 2569)])
    return _CALENDARS[name]


@settings(max_examples=25, deadline=None)
@given(
    first=st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 31)),
    length=st.integers(-3, 400),
)
def test_weekdays_match_a_day_by_day_count(first: dt.date, length: int) -> None:
    import ibis

    last = first + dt.timedelta(days=length)
    expected = sum(1 for n in range(length + 1) if (first + dt.timedelta(days=n)).weekday() < 5)
    expr = ibis.literal(first)
    found = {}
    for name in ENGINES:
        source = calendar_source(name)
        table = source.table("years").select(
            n=weekdays(ibis.literal(first), ibis.literal(last)), epoch=epoch_days(expr)
        )
        found[name] = source.execute(table).iloc[0].tolist()
    epoch = (first - dt.date(1970, 1, 1)).days
    assert found == {name: [expected, epoch] for name in ENGINES}
