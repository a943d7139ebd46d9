"""Roll-call tests run on the small organisation of tests/services (frozen on 2026-11-20)."""

from __future__ import annotations

import datetime as dt

import pytest

from qinfo.attendance.services import MarkInput, attendance_record
from qinfo.organisations import services as org
from qinfo.organisations.models import Course, GradeLevel, LearningArea
from tests.services.conftest import Org, admit, frozen_today, organisation

__all__ = ["Org", "admit", "course", "frozen_today", "organisation", "record"]


def record(o: Org, day: dt.date, marks: dict[int, str], **kw: object) -> None:
    """Saves a roll call of the organisation's classroom as its registrar."""
    attendance_record(
        actor=kw.pop("actor", o.registrar),
        classroom=kw.pop("classroom", o.classroom),
        date=day,
        marks=[MarkInput(student_id=sid, status=status) for sid, status in marks.items()],
        **kw,  # type: ignore[arg-type]
    )


@pytest.fixture
def course(organisation: Org) -> Course:
    o = organisation
    subject = org.subject_create(
        actor=o.admin,
        code="ท11101",
        name_th="ภาษาไทย",
        learning_area=LearningArea.THAI,
        grade_level=GradeLevel.P1,
    )
    return org.course_create(
        actor=o.registrar,
        classroom=o.classroom,
        term=o.term2,
        subject=subject,
        teacher=o.teacher_staff,
    )
