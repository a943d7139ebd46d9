"""The rules hold in the database itself, even for a write that skips the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from qinfo.assessment.models import CourseResult
from qinfo.attendance.models import AttendanceMark
from qinfo.enrolment.models import Enrolment
from qinfo.people.models import Student

from .conftest import Org, admit


def violates(action: object) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        action()  # type: ignore[operator]


def test_one_active_enrolment_per_student_per_year(organisation: Org) -> None:
    first = admit(organisation, "มานะ", "อดทน")
    violates(
        lambda: Enrolment.objects.create(
            student=first.student,
            classroom=organisation.other_classroom,
            school=organisation.other_school,
            academic_year=organisation.year,
            start_date=dt.date(2026, 6, 1),
            status="active",
        )
    )


def test_enrolment_dates_and_exit_rules(organisation: Org) -> None:
    first = admit(organisation, "มานะ", "อดทน")
    violates(
        lambda: Enrolment.objects.filter(pk=first.pk).update(
            status="promoted", end_date=dt.date(2026, 5, 1)
        )
    )  # before the start
    violates(
        lambda: Enrolment.objects.filter(pk=first.pk).update(
            status="dropped_out", end_date=dt.date(2026, 8, 1)
        )
    )  # no reason
    violates(lambda: Enrolment.objects.filter(pk=first.pk).update(end_date=dt.date(2026, 8, 1)))


def test_identifier_shape_and_uniqueness(organisation: Org) -> None:
    first = admit(organisation, "มานะ", "อดทน", "1103702488992")
    violates(lambda: Student.objects.filter(pk=first.student_id).update(identifier=None))
    second = admit(organisation, "มานี", "มีตา")
    violates(
        lambda: Student.objects.filter(pk=second.student_id).update(
            identifier_kind="national_id", identifier="1103702488992"
        )
    )


def test_one_mark_per_student_per_day_and_period(organisation: Org) -> None:
    first = admit(organisation, "มานะ", "อดทน")
    fields = dict(
        student=first.student,
        date=dt.date(2026, 11, 16),
        school=organisation.school,
        classroom=organisation.classroom,
        status="P",
    )
    AttendanceMark.objects.create(**fields)
    violates(lambda: AttendanceMark.objects.create(**fields))
    violates(
        lambda: AttendanceMark.objects.create(**{**fields, "period": 1, "minutes_late": 5})
    )  # late minutes, not late


def test_grades_are_0_to_4_in_half_steps(organisation: Org) -> None:
    from qinfo.organisations.models import Course, Subject

    first = admit(organisation, "มานะ", "อดทน")
    subject = Subject.objects.create(
        code="ท11101", name_th="ภาษาไทย", learning_area="thai", grade_level=4
    )
    course = Course.objects.create(
        classroom=organisation.classroom, term=organisation.term1, subject=subject
    )
    base = dict(
        student=first.student, course=course, term=organisation.term1, school=organisation.school
    )
    violates(lambda: CourseResult.objects.create(**base, grade="3.3"))
    violates(lambda: CourseResult.objects.create(**base, score=101))
    violates(lambda: CourseResult.objects.create(**base, grade="3", special_mark="ร"))
    CourseResult.objects.create(**base, grade="3.5")
    assert CourseResult.objects.get().grade == Decimal("3.5")
