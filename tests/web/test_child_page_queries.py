"""The child's page reads a fixed number of rows sets: the number of SQL queries stays the same
whether the child has one year of history or three, and within a budget."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qinfo.accounts.models import Role
from qinfo.assessment.models import CourseResult
from qinfo.enrolment.models import EnrolmentStatus
from qinfo.organisations.models import (
    Classroom,
    Course,
    GradeLevel,
    LearningArea,
    Network,
    School,
    Subject,
)
from qinfo.people.models import Guardianship, Household, HouseholdMember, Student
from tests.web.child_records import add_year_of_care
from tests.web.conftest import _marks, _user, _year, enrol, make_student

pytestmark = pytest.mark.django_db

#: Queries of one opening of the page: session, user, scope, the child and its audit event,
#: then one or two per part of the record. The number must not depend on the history's length.
BUDGET = 36


def child_with_history(school: School, years: int, name: str) -> Student:
    household = Household.objects.create(house_no="1", postcode="83000")
    child = make_student(name, "ประวัติยาว", household=household, birth_date=dt.date(2016, 1, 5))
    parent = HouseholdMember.objects.create(
        household=household, first_name_th="แม่", last_name_th=name, relation="mother"
    )
    Guardianship.objects.create(student=child, member=parent, relation="mother", is_primary=True)
    for i, year_be in enumerate(range(2569 - years + 1, 2570)):
        year = (
            _year(school.network, year_be)
            if not school.network.academic_years.filter(year_be=year_be).exists()
            else school.network.academic_years.get(year_be=year_be)
        )
        classroom, _ = Classroom.objects.get_or_create(
            school=school, academic_year=year, grade_level=GradeLevel.P1 + i, room=1
        )
        last = year_be == 2569
        enrol(
            child, classroom, year.start_date + dt.timedelta(days=2),
            **({} if last else {"status": EnrolmentStatus.PROMOTED,
                                "end_date": year.end_date - dt.timedelta(days=40)}),
        )  # fmt: skip
        _marks(child, classroom, year.start_date + dt.timedelta(days=20), "PPLSAPPPTP" * 3)
        for term in year.terms.all():
            for code in ("ท", "ค", "ว"):
                subject, _ = Subject.objects.get_or_create(
                    code=f"{code}1{i}10{term.number}",
                    defaults={"name_th": f"วิชา {code}", "learning_area": LearningArea.THAI,
                              "grade_level": GradeLevel.P1 + i},
                )  # fmt: skip
                course, _ = Course.objects.get_or_create(
                    classroom=classroom, term=term, subject=subject, defaults={"hours": 40}
                )
                CourseResult.objects.create(
                    student=child, course=course, term=term, school=school,
                    score=Decimal("71"), grade=Decimal("3"),
                )  # fmt: skip
        add_year_of_care(child, classroom, year)
    return child


def queries_for(client: object, child: Student) -> int:
    url = reverse("web:student", args=[child.pk])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)  # type: ignore[attr-defined]
    assert response.status_code == 200
    assert child.first_name_th in response.content.decode()
    return len(captured.captured_queries)


def test_queries_do_not_grow_with_years_of_history() -> None:
    network = Network.objects.create(code="q", name_th="เทศบาลทดสอบ", kind="municipality")
    school = School.objects.create(
        network=network, code="3083000099", name_th="โรงเรียนทดสอบ", affiliation="30",
        lowest_grade=GradeLevel.K1, highest_grade=GradeLevel.P6,
    )  # fmt: skip
    one = child_with_history(school, 1, "หนึ่งปี")
    three = child_with_history(school, 3, "สามปี")
    from django.test import Client

    client = Client()
    client.force_login(_user("director", Role.DIRECTOR, school=school))
    queries_for(client, one)  # warm: the first request also reads the session and user
    short, long = queries_for(client, one), queries_for(client, three)
    assert short == long, (short, long)
    assert long <= BUDGET
