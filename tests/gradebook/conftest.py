"""A course of term 1 in the services' organisation, with four students, daily attendance and
a grade book of two items (coursework 70, final 30); today is 2026-11-20 (term 2)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps

from qinfo.assessment.entry import ItemInput, assessment_items_define
from qinfo.assessment.models import AssessmentItem
from qinfo.attendance.models import AttendanceMark
from qinfo.core.errors import DomainError, error_details
from qinfo.organisations import services as org
from qinfo.organisations.models import Course, GradeLevel, LearningArea
from qinfo.people.models import Student
from tests.services.conftest import Org, admit, frozen_today, organisation

__all__ = ["Book", "book", "frozen_today", "organisation", "refused", "row_counts"]


@dataclass
class Book:
    o: Org
    course: Course
    activity: Course
    coursework: AssessmentItem
    final: AssessmentItem
    students: list[Student]  # present every day, 70% attendance, 50% attendance, no marks


def school_days(start: dt.date, count: int) -> list[dt.date]:
    days, day = [], start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def attend(o: Org, student: Student, present: int, absent: int) -> None:
    days = school_days(dt.date(2026, 6, 1), present + absent)
    AttendanceMark.objects.bulk_create(
        AttendanceMark(
            student=student,
            date=day,
            school=o.school,
            classroom=o.classroom,
            status="P" if i < present else "A",
        )
        for i, day in enumerate(days)
    )


@pytest.fixture
def book(organisation: Org) -> Book:
    o = organisation
    thai = org.subject_create(
        actor=o.admin,
        code="ท11101",
        name_th="ภาษาไทย 1",
        learning_area=LearningArea.THAI,
        grade_level=GradeLevel.P1,
    )
    scouts = org.subject_create(
        actor=o.admin,
        code="ก11901",
        name_th="ลูกเสือ",
        learning_area=LearningArea.ACTIVITY,
        grade_level=GradeLevel.P1,
    )
    course = org.course_create(
        actor=o.registrar,
        classroom=o.classroom,
        term=o.term1,
        subject=thai,
        teacher=o.teacher_staff,
    )
    activity = org.course_create(
        actor=o.registrar,
        classroom=o.classroom,
        term=o.term1,
        subject=scouts,
        teacher=o.teacher_staff,
    )
    students = [admit(o, name, "ทดสอบ").student for name in ("กมล", "ขวัญ", "จันทร์", "ดารา")]
    attend(o, students[0], 20, 0)
    attend(o, students[1], 14, 6)
    attend(o, students[2], 10, 10)
    coursework, final = assessment_items_define(
        actor=o.teacher,
        course=course,
        items=[
            ItemInput("งานระหว่างภาค", "coursework", Decimal(70), Decimal(70)),
            ItemInput("สอบปลายภาค", "final", Decimal(30), Decimal(30)),
        ],
    )
    return Book(o, course, activity, coursework, final, students)


def row_counts() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.app_label in {"audit", "assessment", "attendance"}
    }


def refused(action: Callable[[], Any], code: str) -> DomainError:
    """The action is refused with ``code`` and nothing at all is written."""
    before = row_counts()
    with pytest.raises(DomainError) as caught:
        action()
    assert code in {d["code"] for d in error_details(caught.value)}
    assert row_counts() == before
    return caught.value
