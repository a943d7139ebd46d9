"""A small organisation built through the services themselves, as an administrator would."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import time_machine

from qinfo.accounts.models import Membership, Role, User
from qinfo.enrolment.models import Enrolment
from qinfo.enrolment.services import student_admit
from qinfo.organisations import services as org
from qinfo.organisations.models import (
    AcademicYear,
    Classroom,
    GradeLevel,
    LearningArea,
    Network,
    School,
    Staff,
    Term,
)

TODAY = dt.date(2026, 11, 20)


@dataclass
class Org:
    admin: User
    registrar: User
    teacher: User
    outsider: User
    officer: User
    network: Network
    school: School
    other_school: School
    year: AcademicYear
    term1: Term
    term2: Term
    classroom: Classroom
    other_classroom: Classroom
    teacher_staff: Staff


def make_user(username: str, role: str | None = None, **scope: object) -> User:
    user = User.objects.create_user(username=username, password="pw-" + username)
    if role is not None:
        Membership.objects.create(user=user, role=role, **scope)
    return user


@pytest.fixture(autouse=True)
def frozen_today() -> Iterator[None]:
    """These tests describe the organisation as it stands on TODAY, whenever they run."""
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def organisation(db: None) -> Org:
    admin = make_user("admin", Role.ADMIN)
    network = org.network_create(
        actor=admin, code="pk", name_th="เทศบาลนครภูเก็ต", kind="municipality", province_code="83"
    )
    school = org.school_create(
        actor=admin,
        network=network,
        code="3083000001",
        name_th="โรงเรียนเทศบาลหนึ่ง",
        lowest_grade=GradeLevel.K1,
        highest_grade=GradeLevel.M6,
    )
    other = org.school_create(
        actor=admin,
        network=network,
        code="3083000002",
        name_th="โรงเรียนเทศบาลสอง",
        lowest_grade=GradeLevel.P1,
        highest_grade=GradeLevel.P6,
    )
    year = org.academic_year_create(
        actor=admin,
        network=network,
        year_be=2569,
        start_date=dt.date(2026, 5, 16),
        end_date=dt.date(2027, 5, 15),
    )
    term1 = org.term_create(
        actor=admin,
        academic_year=year,
        number=1,
        start_date=dt.date(2026, 5, 18),
        end_date=dt.date(2026, 10, 9),
    )
    term2 = org.term_create(
        actor=admin,
        academic_year=year,
        number=2,
        start_date=dt.date(2026, 11, 2),
        end_date=dt.date(2027, 3, 31),
    )
    registrar = make_user("registrar", Role.REGISTRAR, school=school)
    teacher = make_user("teacher", Role.TEACHER, school=school)
    outsider = make_user("outsider", Role.TEACHER, school=other)
    officer = make_user("officer", Role.OFFICER, network=network)
    staff = org.staff_create(
        actor=registrar,
        school=school,
        first_name_th="สมศรี",
        last_name_th="ใจดี",
        sex="F",
        position="teacher",
        user=teacher,
        learning_area=LearningArea.THAI,
    )
    classroom = org.classroom_create(
        actor=registrar,
        school=school,
        academic_year=year,
        grade_level=GradeLevel.P1,
        room=1,
        homeroom_teachers=[staff],
    )
    other_classroom = org.classroom_create(
        actor=admin, school=other, academic_year=year, grade_level=GradeLevel.P1, room=1
    )
    return Org(
        admin,
        registrar,
        teacher,
        outsider,
        officer,
        network,
        school,
        other,
        year,
        term1,
        term2,
        classroom,
        other_classroom,
        staff,
    )


def admit(
    o: Org,
    first: str,
    last: str,
    identifier: str | None = None,
    birth: dt.date = dt.date(2019, 6, 1),
    classroom: Classroom | None = None,
    start: dt.date = dt.date(2026, 5, 18),
) -> Enrolment:
    room = classroom or o.classroom
    actor = o.registrar if room.school_id == o.school.pk else o.admin
    return student_admit(
        actor=actor,
        classroom=room,
        start_date=start,
        identifier=identifier,
        first_name_th=first,
        last_name_th=last,
        sex="M",
        birth_date=birth,
    )


def readmitted_elsewhere(
    o: Org, kept_identifier: str | None = None, duplicate_identifier: str | None = None
) -> tuple[Enrolment, Enrolment]:
    """A child who left the first school in term 1 and came back to the other school in term 2
    as a new record: the classic duplicate."""
    from qinfo.enrolment.models import EnrolmentStatus
    from qinfo.enrolment.services import enrolment_close

    kept = admit(o, "สุดา", "ทองดี", kept_identifier)
    enrolment_close(
        actor=o.registrar,
        enrolment=kept,
        status=EnrolmentStatus.TRANSFERRED_OUT,
        end_date=dt.date(2026, 10, 9),
        exit_reason="moved_house",
    )
    duplicate = admit(
        o,
        "สุดา",
        "ทองดี",
        duplicate_identifier,
        classroom=o.other_classroom,
        start=dt.date(2026, 11, 2),
    )
    return kept, duplicate
