"""Days absent in a row against a plain oracle that walks the calendar back one date at a time
(docs/definitions.md §7): school days are weekdays inside a term and not a non-school day; a day
without a daily mark, or with an attending status, ends the run."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qinfo.attendance.models import AttendanceMark
from qinfo.attendance.selectors import absence_streaks
from qinfo.organisations.models import NonSchoolDay
from tests.rollcall.conftest import Org, admit

HOLIDAY = dt.date(2026, 11, 11)
FIRST = dt.date(2026, 9, 21)  # three weeks before the end of term 1
ROLL_CALL_DAYS = [dt.date(2026, 11, 20), dt.date(2026, 11, 12), dt.date(2026, 11, 2)]
DAYS = [FIRST + dt.timedelta(days=n) for n in range((dt.date(2026, 11, 20) - FIRST).days)]
STATUSES = [None, "P", "L", "S", "E", "A", "T"]


def oracle_school_day(o: Org, day: dt.date) -> bool:
    in_term = any(t.start_date <= day <= t.end_date for t in (o.term1, o.term2))
    return day.weekday() < 5 and in_term and day != HOLIDAY


def oracle(o: Org, marks: dict[dt.date, str], day: dt.date) -> int:
    run, current = 0, day - dt.timedelta(days=1)
    while current >= o.year.start_date:
        if oracle_school_day(o, current):
            if marks.get(current) not in {"S", "E", "A"}:
                return run
            run += 1
        current -= dt.timedelta(days=1)
    return run


# Mostly absences, so that long runs (past the first windows of the reader) are common.
day_status = st.sampled_from(STATUSES + ["A", "S", "E"] * 6)


@pytest.fixture
def pupils(organisation: Org) -> list[int]:
    """Three children of the class, and a non-school day inside the span (set up once)."""
    NonSchoolDay.objects.create(academic_year=organisation.year, date=HOLIDAY, name_th="วันหยุด")
    return [admit(organisation, f"เด็ก{i}", "ทดสอบ").student_id for i in range(3)]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    histories=st.lists(
        st.lists(day_status, min_size=len(DAYS), max_size=len(DAYS)), min_size=3, max_size=3
    )
)
def test_streaks_match_the_oracle(
    organisation: Org, pupils: list[int], histories: list[list[str | None]]
) -> None:
    o = organisation
    AttendanceMark.objects.all().delete()  # each example starts from no marks
    rows, by_student = [], {}
    for sid, history in zip(pupils, histories, strict=True):
        by_student[sid] = {d: s for d, s in zip(DAYS, history, strict=True) if s is not None}
        rows += [
            AttendanceMark(student_id=sid, date=d, status=s, school=o.school, classroom=o.classroom)
            for d, s in by_student[sid].items()
        ]
    AttendanceMark.objects.bulk_create(rows)
    for day in ROLL_CALL_DAYS:
        expected = {sid: oracle(o, by_student[sid], day) for sid in pupils}
        assert absence_streaks(o.classroom, day, pupils) == expected
