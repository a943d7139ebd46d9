"""course_attendance_rates: period marks of the course where it has any, else the class's daily
marks within the course's term; bounded queries whatever the class size."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qinfo.attendance.selectors import course_attendance_rates
from qinfo.organisations.models import Course, School
from tests.rollcall.conftest import Org, admit, record

MON, TUE, WED = dt.date(2026, 11, 16), dt.date(2026, 11, 17), dt.date(2026, 11, 18)
TERM1_DAY = dt.date(2026, 9, 1)


@pytest.fixture
def pupils(organisation: Org) -> list[int]:
    return [admit(organisation, f"ด{i}", "ทดสอบ").student_id for i in range(3)]


def test_daily_marks_of_the_term_when_the_course_has_no_period_marks(
    organisation: Org, course: Course, pupils: list[int]
) -> None:
    a, b, c = pupils
    record(organisation, MON, {a: "P", b: "A"})
    record(organisation, TUE, {a: "L", b: "S"})
    record(organisation, WED, {a: "A", b: "T"})
    record(organisation, TERM1_DAY, {a: "A", b: "A"})  # term 1: not this course's term
    rates = course_attendance_rates(course, [a, b, c])
    assert rates[a] == pytest.approx(200 / 3)
    assert rates[b] == pytest.approx(100 / 3)
    assert rates[c] is None
    assert set(course_attendance_rates(course)) == {a, b}


def test_period_marks_of_the_course_replace_the_daily_marks(
    organisation: Org, course: Course, pupils: list[int]
) -> None:
    a, b, c = pupils
    School.objects.filter(pk=organisation.school.pk).update(period_attendance=True)
    organisation.classroom.school.refresh_from_db()
    record(organisation, MON, {a: "A", b: "A", c: "A"})
    record(organisation, MON, {a: "P", b: "E"}, period=2, course=course)
    record(organisation, TUE, {a: "P", b: "P"}, period=3, course=course)
    rates = course_attendance_rates(course, [a, b, c])
    assert rates == {a: 100.0, b: 50.0, c: None}


def test_queries_do_not_grow_with_the_class(organisation: Org, course: Course) -> None:
    ids = [admit(organisation, f"ก{i}", "ทดสอบ").student_id for i in range(12)]
    record(organisation, MON, dict.fromkeys(ids, "P"))
    course = Course.objects.select_related("term").get(pk=course.pk)
    with CaptureQueriesContext(connection) as ctx:
        rates = course_attendance_rates(course, ids)
    assert len(ctx.captured_queries) <= 2
    assert set(rates.values()) == {100.0}
