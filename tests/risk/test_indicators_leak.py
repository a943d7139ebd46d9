"""Nothing known only after the date leaks into ``indicators_as_of`` (docs/definitions.md §15).

A class is given a record of every kind before D (Friday 2026-11-13) through the services; the
indicators as of D are computed; then records of every kind dated after D are added (marks,
course results, an SDQ form, a health measurement, a poverty screening, a home visit, a literacy
screening, a transfer and a new admission) and the indicators as of D must not change, while
those as of a later date do show the new records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
import pytest

from qinfo.assessment.services import course_result_record
from qinfo.attendance.services import MarkInput, attendance_record
from qinfo.care.services import ScreeningInput, VisitInput, record_home_visit, record_screening
from qinfo.enrolment.services import enrolment_transfer
from qinfo.exams.services import ScreeningInput as LiteracyInput
from qinfo.exams.services import literacy_record
from qinfo.organisations import services as org
from qinfo.organisations.models import Course, GradeLevel, LearningArea, Term
from qinfo.people.models import Student
from qinfo.risk.indicators import indicators_as_of
from qinfo.riskmodel.features import NAMES
from qinfo.wellbeing.services import MeasurementInput, health_record, sdq_record
from tests.risk.test_indicators_attendance import weekdays
from tests.services.conftest import Org, admit

D = dt.date(2026, 11, 13)
AFTER = dt.date(2026, 11, 18)
CALM = [0] * 25  # teacher SDQ total 10: normal
TROUBLED = [2] * 25  # total 30: problem
HOME = {
    "tenure": "own",
    "housing": "good",
    "farm_land": "not_farming",
    "water": "tap",
    "electricity": "own_meter",
    "vehicles": "car",
    "appliances": "several",
}
HARD = {**HOME, "tenure": "rented", "housing": "dilapidated", "vehicles": "none"}


@dataclass
class World:
    o: Org
    kid: Student
    mover: Student
    courses: dict[tuple[Term, str], Course]


def courses(o: Org) -> dict[tuple[Term, str], Course]:
    made = {}
    for area, code in ((LearningArea.THAI, "ท11101"), (LearningArea.MATH, "ค11101")):
        subject = org.subject_create(
            actor=o.admin, code=code, name_th=code, learning_area=area, grade_level=GradeLevel.P1
        )
        for term in (o.term1, o.term2):
            made[(term, str(area))] = org.course_create(
                actor=o.registrar,
                classroom=o.classroom,
                term=term,
                subject=subject,
                teacher=o.teacher_staff,
            )
    return made


def roll_call(o: Org, days: list[dt.date], statuses: dict[int, str]) -> None:
    for day in days:
        marks = [MarkInput(sid, status) for sid, status in statuses.items()]
        attendance_record(actor=o.registrar, classroom=o.classroom, date=day, marks=marks)


@pytest.fixture
def world(organisation: Org) -> World:
    o = organisation
    kid = admit(o, "กมล", "ใจดี").student
    mover = admit(o, "ขวัญ", "ย้ายบ่อย").student
    made = courses(o)
    roll_call(o, weekdays(dt.date(2026, 9, 21), o.term1.end_date), {kid.pk: "P", mover.pk: "P"})
    roll_call(o, weekdays(o.term2.start_date, D), {kid.pk: "A", mover.pk: "P"})
    for student in (kid, mover):
        course_result_record(
            actor=o.registrar,
            course=made[(o.term1, "thai")],
            student=student,
            score=Decimal(72),
            grade=Decimal(3),
        )
    course_result_record(
        actor=o.registrar, course=made[(o.term1, "math")], student=kid, grade=Decimal(0)
    )
    course_result_record(
        actor=o.registrar, course=made[(o.term1, "math")], student=mover, special_mark="ร"
    )
    sdq_record(actor=o.teacher, student=kid, form="teacher", date=dt.date(2026, 7, 1), answers=CALM)
    health_record(
        actor=o.teacher,
        classroom=o.classroom,
        term=o.term1,
        date=dt.date(2026, 6, 15),
        measurements=[MeasurementInput(kid.pk, "22.0", "122.0")],
    )
    record_screening(
        actor=o.teacher,
        data=ScreeningInput(kid.pk, dt.date(2026, 7, 1), 4, Decimal("50000"), dict(HOME)),
    )
    record_home_visit(
        actor=o.teacher,
        data=VisitInput(kid.pk, dt.date(2026, 7, 1), findings=["family_conflict", "screen_time"]),
    )
    literacy_record(
        actor=o.teacher,
        classroom=o.classroom,
        term=o.term1,
        entries=[LiteracyInput(kid.pk, 3, 2, 3, 3)],
    )
    return World(o, kid, mover, made)


def add_everything_after_d(w: World) -> None:
    o = w.o
    roll_call(o, weekdays(dt.date(2026, 11, 16), dt.date(2026, 11, 17)), {w.kid.pk: "A"})
    roll_call(o, weekdays(AFTER, dt.date(2026, 11, 20)), {w.kid.pk: "P"})
    for area in ("thai", "math"):
        course_result_record(
            actor=o.registrar, course=w.courses[(o.term2, area)], student=w.kid, grade=Decimal(0)
        )
    sdq_record(actor=o.teacher, student=w.kid, form="teacher", date=AFTER, answers=TROUBLED)
    health_record(
        actor=o.teacher,
        classroom=o.classroom,
        term=o.term2,
        date=AFTER,
        measurements=[MeasurementInput(w.kid.pk, "14.0", "125.0")],
    )
    record_screening(
        actor=o.teacher, data=ScreeningInput(w.kid.pk, AFTER, 4, Decimal("4000"), dict(HARD))
    )
    record_home_visit(actor=o.teacher, data=VisitInput(w.kid.pk, AFTER, findings=["abuse"]))
    literacy_record(
        actor=o.teacher,
        classroom=o.classroom,
        term=o.term2,
        entries=[LiteracyInput(w.kid.pk, 1, 1, 1, 1)],
    )
    moving = w.mover.enrolments.get()
    enrolment_transfer(
        actor=o.admin, enrolment=moving, to_classroom=o.other_classroom, on=dt.date(2026, 11, 16)
    )
    admit(o, "ใหม่", "มาทีหลัง", start=dt.date(2026, 11, 16))


def test_records_dated_after_the_day_change_nothing(world: World) -> None:
    before = indicators_as_of(D)
    kid = before.loc[world.kid.pk]
    # The day's own records are there (so the comparison below is not between empty frames).
    assert kid["absent_streak"] == 10 and kid["attendance_rate_term"] == 0.0
    assert kid["zero_grades"] == 1 and kid["failing_math"] == 1 and kid["failing_thai"] == 0
    assert before.at[world.mover.pk, "r_count"] == 1
    assert kid["sdq_band"] == 0 and kid["extremely_poor"] == 0 and kid["malnourished"] == 0
    assert kid["household_risks"] == 1 and kid["not_visited"] == 0 and kid["reading_level"] == 2
    assert before["school_moves"].eq(0).all() and len(before) == 2

    add_everything_after_d(world)

    pd.testing.assert_frame_equal(indicators_as_of(D), before)
    # ... while the later days do see them.
    today = indicators_as_of(dt.date(2026, 11, 20))
    kid = today.loc[world.kid.pk]
    assert kid["absent_streak"] == 0 and kid["attendance_rate_term"] == 20.0  # 3 of 15 days
    assert kid["sdq_band"] == 2 and kid["extremely_poor"] == 1 and kid["malnourished"] == 1
    assert kid["household_risks"] == 2  # family_conflict, abuse (screen time is not one)
    assert today.at[world.mover.pk, "school_moves"] == 1
    assert today.at[world.mover.pk, "school_id"] == world.o.other_school.pk
    assert len(today) == 3
    end_of_term = indicators_as_of(world.o.term2.end_date).loc[world.kid.pk]
    assert end_of_term["zero_grades"] == 2 and end_of_term["failing_thai"] == 1
    assert end_of_term["reading_level"] == 1


def test_columns_and_types(world: World) -> None:
    frame = indicators_as_of(D)
    assert list(frame.columns) == [*NAMES, "school_id", "classroom_id", "grade", "sex", "age"]
    assert frame.index.name == "student_id"
    assert all(frame[name].dtype == float for name in NAMES)
    row = frame.loc[world.kid.pk]
    assert row["grade"] == GradeLevel.P1 and row["sex"] == "M" and row["age"] == 7
    assert row["school_id"] == world.o.school.pk and row["classroom_id"] == world.o.classroom.pk
    only = indicators_as_of(D, student_ids=[world.mover.pk])
    pd.testing.assert_frame_equal(only, frame.loc[[world.mover.pk]])


def test_nobody_enrolled_gives_an_empty_frame(organisation: Org) -> None:
    frame = indicators_as_of(D)
    assert frame.empty
    assert list(frame.columns) == [*NAMES, "school_id", "classroom_id", "grade", "sex", "age"]
