"""A small hand-built school for completeness, on top of the services' organisation (today is
Friday 20 November 2026; term 1 ran 18 May – 9 Oct, term 2 runs from 2 Nov).

In ป.1/1 (homeroom: the teacher):
    A, B   enrolled from 18 May, still studying
    C      enrolled from Monday 9 November
    D      enrolled from 18 May, transferred out on Thursday 12 November
At the other school: E, enrolled from 18 May. Monday 16 November is a non-school day.
Two courses of term 1 in ป.1/1 (the teacher's Thai, and a maths course with no teacher), one of
term 2 (not yet ended).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from qinfo.enrolment.models import Enrolment, EnrolmentStatus
from qinfo.enrolment.services import enrolment_close
from qinfo.organisations.models import (
    Course,
    GradeLevel,
    LearningArea,
    NonSchoolDay,
    Subject,
)
from tests.services.conftest import Org, admit, frozen_today, organisation  # noqa: F401

TODAY = dt.date(2026, 11, 20)


@dataclass
class School:
    o: Org
    a: Enrolment
    b: Enrolment
    c: Enrolment
    d: Enrolment
    e: Enrolment
    thai: Course
    maths: Course
    later: Course


@pytest.fixture
def school(organisation: Org) -> School:  # noqa: F811
    o = organisation
    a = admit(o, "อนันต์", "หนึ่ง")
    b = admit(o, "บุญมี", "สอง")
    c = admit(o, "จันทร์", "สาม", start=dt.date(2026, 11, 9))
    d = admit(o, "ดวงใจ", "สี่")
    enrolment_close(
        actor=o.registrar,
        enrolment=d,
        status=EnrolmentStatus.TRANSFERRED_OUT,
        end_date=dt.date(2026, 11, 12),
        exit_reason="moved_house",
    )
    e = admit(o, "เอกชัย", "ห้า", classroom=o.other_classroom)
    NonSchoolDay.objects.create(
        academic_year=o.year, date=dt.date(2026, 11, 16), name_th="วันหยุดทดสอบ"
    )
    subjects = [
        Subject.objects.create(
            code=code, name_th=name, learning_area=area, grade_level=GradeLevel.P1
        )
        for code, name, area in (
            ("ท11101", "ภาษาไทย", LearningArea.THAI),
            ("ค11101", "คณิตศาสตร์", LearningArea.MATH),
            ("ท11102", "ภาษาไทยเทอมสอง", LearningArea.THAI),
        )
    ]
    thai = Course.objects.create(
        classroom=o.classroom, term=o.term1, subject=subjects[0], teacher=o.teacher_staff
    )
    maths = Course.objects.create(classroom=o.classroom, term=o.term1, subject=subjects[1])
    later = Course.objects.create(
        classroom=o.classroom, term=o.term2, subject=subjects[2], teacher=o.teacher_staff
    )
    return School(o, a, b, c, d, e, thai, maths, later)
