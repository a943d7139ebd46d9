"""The generator on the suite's own database (SQLite, or PostgreSQL in the PostgreSQL pass): the
loader's SQL, its index and key juggling, and its sequences work on both engines."""

from __future__ import annotations

import datetime as dt

import pytest

from qinfo.accounts.models import Membership
from qinfo.assessment.models import CourseResult
from qinfo.attendance.models import AttendanceMark
from qinfo.audit.models import AuditEvent
from qinfo.demo.build import DemoError, build_demo
from qinfo.demo.scale import Scale
from qinfo.enrolment.models import Enrolment
from qinfo.organisations.models import School
from qinfo.people.models import Student

TINY = Scale(name="tiny", rooms_per_grade=(1, 1), room_size=(4, 5, 5), history_years=1)


@pytest.mark.django_db
def test_a_tiny_demo_loads_into_the_test_database() -> None:
    summary = build_demo(scale=TINY, seed=3, today=dt.date(2026, 11, 20))
    counts = summary.counts
    assert School.objects.count() == 2
    assert Student.objects.count() == counts["students"]
    assert Enrolment.objects.filter(status="active").count() == counts["active_students"]
    assert AttendanceMark.objects.count() == counts["attendance_marks"] > 0
    assert CourseResult.objects.count() == counts["course_results"] > 0
    assert AuditEvent.objects.filter(action="import", target_type="demo.build").count() == 1
    assert Membership.objects.filter(user__username="demo-teacher", role="teacher").exists()
    # Keys were given by the loader; the database must hand out the next ones itself.
    household = Student.objects.first().household  # type: ignore[union-attr]
    extra = Student.objects.create(
        identifier_kind="pending", first_name_th="ทดสอบ", last_name_th="ระบบ", sex="F",
        birth_date=dt.date(2015, 1, 1), household=household,
    )  # fmt: skip
    assert extra.pk > max(s.pk for s in Student.objects.exclude(pk=extra.pk))
    with pytest.raises(DemoError):
        build_demo(scale=TINY, seed=3, today=dt.date(2026, 11, 20))
