"""An organisation (tests/services/conftest.py) with a ป.6 class for O-NET, a ป.1 class for RT
and literacy, and helpers that write real .xlsx files with openpyxl."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from openpyxl import Workbook

from qinfo.enrolment.models import Enrolment
from qinfo.organisations.models import Classroom, GradeLevel
from tests.services.conftest import Org, admit, frozen_today, organisation  # noqa: F401
from tests.world import national_id

HEADINGS = ["เลขประจำตัวประชาชน", "เลขประจำตัวนักเรียน", "การสอบ", "วิชา", "คะแนน"]


@dataclass
class ExamWorld:
    o: Org
    p6: Classroom
    p6_pupils: list[Enrolment]  # national IDs, student numbers 6001…
    p1_pupil: Enrolment  # in o.classroom (ป.1/1)
    elsewhere: Enrolment  # in the other school


def xlsx(rows: Sequence[Sequence[Any]], headings: Sequence[str] | None = HEADINGS) -> io.BytesIO:
    """A real workbook: the heading row, then the rows."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    if headings is not None:
        sheet.append(list(headings))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "results.xlsx"
    return out


@pytest.fixture
def exam_world(organisation: Org) -> ExamWorld:  # noqa: F811
    o = organisation
    p6 = Classroom.objects.create(
        school=o.school, academic_year=o.year, grade_level=GradeLevel.P6, room=1
    )
    pupils = [
        admit(o, first, "สอบดี", national_id(f"11037{n:07d}"), classroom=p6)
        for n, first in enumerate(("กานดา", "ขจร", "คมสัน"), start=1)
    ]
    for n, e in enumerate(pupils, start=1):
        Enrolment.objects.filter(pk=e.pk).update(student_number=f"600{n}")
    p1 = admit(o, "ง่วน", "อ่านเก่ง", national_id("110370000099"), birth=dt.date(2019, 7, 1))
    Enrolment.objects.filter(pk=p1.pk).update(student_number="1001")
    elsewhere = admit(o, "จันทร์", "ต่างถิ่น", national_id("110370000088"), classroom=o.other_classroom)
    return ExamWorld(o, p6, [Enrolment.objects.get(pk=e.pk) for e in pupils], p1, elsewhere)
