"""A small world for the page tests, built straight through the ORM.

Two schools of one network; years 2568 and 2569; personas: the teacher of ป.1/1 at school A,
the director of school A, a teacher at school B (the outsider), an officer, an analyst, an
administrator. Children with Thai names chosen so that Unicode order is not Thai order; one
child moved from school B to school A, with attendance and results in both years.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from qinfo.accounts.models import Membership, Role, User
from qinfo.assessment.models import CourseResult, SpecialMark
from qinfo.attendance.models import AttendanceMark
from qinfo.enrolment.models import Enrolment, EnrolmentStatus, ExitReason
from qinfo.organisations.models import (
    AcademicYear,
    Classroom,
    Course,
    GradeLevel,
    LearningArea,
    Network,
    School,
    Staff,
    Subject,
    Term,
)
from qinfo.people.models import Guardianship, Household, HouseholdMember, Student

PASSWORD = "a-good-password-1"
#: First names in Thai order. Unicode order would put เ แ โ ใ ไ after every consonant.
THAI_ORDER = ["กมล", "ก้อง", "เกศินี", "แก้วตา", "ไก่", "ขวัญใจ", "จันทร์เพ็ญ", "ใจดี", "อรุณ"]


@dataclass
class PageWorld:
    network: Network
    school_a: School
    school_b: School
    y2568: AcademicYear
    y2569: AcademicYear
    class_a: Classroom
    class_a2: Classroom
    class_b_old: Classroom
    class_b: Classroom
    users: dict[str, User] = field(default_factory=dict)
    students: list[Student] = field(default_factory=list)
    mover: Student | None = None
    outside: Student | None = None

    def client(self, persona: str) -> Client:
        client = Client()
        client.force_login(self.users[persona])
        return client


def _user(username: str, role: str | None, **scope: object) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, first_name=username.title()
    )
    if role:
        Membership.objects.create(user=user, role=role, **scope)
    return user


def _year(network: Network, year_be: int) -> AcademicYear:
    ce = year_be - 543
    year = AcademicYear.objects.create(
        network=network,
        year_be=year_be,
        start_date=dt.date(ce, 5, 16),
        end_date=dt.date(ce + 1, 5, 15),
    )
    Term.objects.create(
        academic_year=year, number=1, start_date=dt.date(ce, 5, 18), end_date=dt.date(ce, 10, 9)
    )
    Term.objects.create(
        academic_year=year, number=2, start_date=dt.date(ce, 11, 2), end_date=dt.date(ce + 1, 3, 31)
    )
    return year


def enrol(student: Student, classroom: Classroom, start: dt.date, **extra: Any) -> Enrolment:
    return Enrolment.objects.create(
        student=student,
        classroom=classroom,
        school=classroom.school,
        academic_year=classroom.academic_year,
        start_date=start,
        status=extra.pop("status", EnrolmentStatus.ACTIVE),
        **extra,
    )


def make_student(first: str, last: str, sex: str = "M", **extra: Any) -> Student:
    return Student.objects.create(
        identifier_kind=extra.pop("identifier_kind", "pending"),
        first_name_th=first,
        last_name_th=last,
        sex=sex,
        birth_date=extra.pop("birth_date", dt.date(2019, 6, 1)),
        **extra,
    )


def _marks(student: Student, classroom: Classroom, start: dt.date, statuses: str) -> None:
    day = start
    for code in statuses:
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        AttendanceMark.objects.create(
            student=student, date=day, school=classroom.school, classroom=classroom, status=code
        )
        day += dt.timedelta(days=1)


@pytest.fixture
def page_world(db: None) -> PageWorld:
    return build_world()


def build_world() -> PageWorld:
    network = Network.objects.create(code="pk", name_th="เทศบาลนครภูเก็ต", kind="municipality")
    school_a = School.objects.create(
        network=network, code="3083000001", name_th="โรงเรียนเทศบาลบ้านบางเหนียว",
        affiliation="30", lowest_grade=GradeLevel.K1, highest_grade=GradeLevel.P6,
    )  # fmt: skip
    school_b = School.objects.create(
        network=network, code="3083000002", name_th="โรงเรียนเทศบาลวัดขาด",
        affiliation="30", lowest_grade=GradeLevel.K1, highest_grade=GradeLevel.P6,
    )  # fmt: skip
    y2568, y2569 = _year(network, 2568), _year(network, 2569)
    class_a = Classroom.objects.create(
        school=school_a, academic_year=y2569, grade_level=GradeLevel.P2, room=1
    )
    class_a2 = Classroom.objects.create(
        school=school_a, academic_year=y2569, grade_level=GradeLevel.P2, room=2
    )
    class_b_old = Classroom.objects.create(
        school=school_b, academic_year=y2568, grade_level=GradeLevel.P1, room=1
    )
    class_b = Classroom.objects.create(
        school=school_b, academic_year=y2569, grade_level=GradeLevel.P2, room=1
    )
    w = PageWorld(
        network, school_a, school_b, y2568, y2569, class_a, class_a2, class_b_old, class_b
    )
    w.users = {
        "teacher": _user("teacher", Role.TEACHER, school=school_a),
        "director": _user("director", Role.DIRECTOR, school=school_a),
        "outsider": _user("outsider", Role.TEACHER, school=school_b),
        "officer": _user("officer", Role.OFFICER, network=network),
        "analyst": _user("analyst", Role.ANALYST, network=network),
        "admin": _user("admin", Role.ADMIN),
        "nobody": _user("nobody", None),
    }
    staff = Staff.objects.create(
        school=school_a, user=w.users["teacher"], title_th="นาง", first_name_th="สมศรี",
        last_name_th="ใจงาม", sex="F", position="teacher",
    )  # fmt: skip
    class_a.homeroom_teachers.add(staff)
    outsider_staff = Staff.objects.create(
        school=school_b, user=w.users["outsider"], first_name_th="วิชัย",
        last_name_th="ทองดี", sex="M", position="teacher",
    )  # fmt: skip
    class_b.homeroom_teachers.add(outsider_staff)
    # The class list, created in reverse so that insertion order proves nothing.
    for i, first in enumerate(reversed(THAI_ORDER)):
        s = make_student(first, "ทดสอบ", sex="MF"[i % 2])
        enrol(s, class_a, dt.date(2026, 5, 18), student_number=f"{660 + i}")
        w.students.append(s)
    w.mover = _mover(w)
    w.outside = make_student("ภายนอก", "นอกขอบเขต", identifier_kind="national_id",
                         identifier="1103702488992")  # fmt: skip
    enrol(w.outside, class_b, dt.date(2026, 5, 18))
    return w


def _mover(w: PageWorld) -> Student:
    """A child at school B in 2568 who transferred to school A for 2569."""
    household = Household.objects.create(house_no="12/3", tambon_code="830101", postcode="83000")
    mover = make_student(
        "เด็กชายย้าย", "บ้านใหม่", first_name_en="Yai", last_name_en="Banmai",
        identifier_kind="national_id", identifier="1101700203451", nickname="ต้น",
        household=household, house_no="12/3", latitude=Decimal("7.88"), longitude=Decimal("98.39"),
        birth_date=dt.date(2018, 3, 14),
    )  # fmt: skip
    mother = HouseholdMember.objects.create(
        household=household, first_name_th="มาลี", last_name_th="บ้านใหม่", relation="mother",
        occupation="trader", monthly_income=Decimal("9000"), phone="0812345678",
    )  # fmt: skip
    Guardianship.objects.create(student=mover, member=mother, relation="mother", is_primary=True)
    enrol(
        mover, w.class_b_old, dt.date(2025, 5, 19), status=EnrolmentStatus.TRANSFERRED_OUT,
        end_date=dt.date(2026, 3, 31), exit_reason=ExitReason.MOVED_HOUSE,
        destination="โรงเรียนเทศบาลบ้านบางเหนียว",
    )  # fmt: skip
    enrol(mover, w.class_a, dt.date(2026, 6, 1), student_number="6701")
    _marks(mover, w.class_b_old, dt.date(2025, 6, 2), "PPPPPPLSAA")
    _marks(mover, w.class_a, dt.date(2026, 6, 1), "PPPPPPPPLT")
    thai = Subject.objects.create(
        code="ท11101", name_th="ภาษาไทย 1", learning_area=LearningArea.THAI,
        grade_level=GradeLevel.P1,
    )  # fmt: skip
    math = Subject.objects.create(
        code="ค12101", name_th="คณิตศาสตร์ 2", learning_area=LearningArea.MATH,
        grade_level=GradeLevel.P2,
    )  # fmt: skip
    old_term = w.y2568.terms.get(number=1)
    new_term = w.y2569.terms.get(number=1)
    c1 = Course.objects.create(classroom=w.class_b_old, term=old_term, subject=thai, hours=100)
    c2 = Course.objects.create(classroom=w.class_a, term=new_term, subject=math, hours=80)
    CourseResult.objects.create(
        student=mover, course=c1, term=old_term, school=w.school_b,
        score=Decimal("72"), grade=Decimal("3"),
    )  # fmt: skip
    CourseResult.objects.create(
        student=mover, course=c2, term=new_term, school=w.school_a,
        special_mark=SpecialMark.INCOMPLETE,
    )  # fmt: skip
    return mover
