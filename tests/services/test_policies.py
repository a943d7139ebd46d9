"""Policy rules that the permission matrix's small world does not exercise."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from qinfo.assessment.policies import course_result_policy
from qinfo.core.errors import NotFound
from qinfo.core.policy import Action
from qinfo.enrolment.policies import student_policy
from qinfo.enrolment.selectors import student_open
from qinfo.organisations import services as org
from qinfo.organisations.models import GradeLevel
from qinfo.organisations.scope import forget_scope
from qinfo.people.models import Student

from .conftest import Org, admit


def test_teachers_lose_sight_of_last_years_class_directors_do_not(organisation: Org) -> None:
    old_year = org.academic_year_create(
        actor=organisation.admin,
        network=organisation.network,
        year_be=2568,
        start_date=dt.date(2025, 5, 16),
        end_date=dt.date(2026, 5, 15),
    )
    old_room = org.classroom_create(
        actor=organisation.registrar,
        school=organisation.school,
        academic_year=old_year,
        grade_level=GradeLevel.K3,
        room=1,
        homeroom_teachers=[organisation.teacher_staff],
    )
    last_year = admit(
        organisation,
        "เก่า",
        "ปีก่อน",
        classroom=old_room,
        start=dt.date(2025, 5, 20),
        birth=dt.date(2020, 3, 1),
    )
    this_year = admit(organisation, "ใหม่", "ปีนี้")
    forget_scope(organisation.teacher)
    teacher_sees = set(student_policy.rows(organisation.teacher).values_list("pk", flat=True))
    director_sees = set(student_policy.rows(organisation.registrar).values_list("pk", flat=True))
    assert teacher_sees == {this_year.student_id}
    assert director_sees == {this_year.student_id, last_year.student_id}


def test_a_merged_record_is_not_found_any_more(organisation: Org) -> None:
    kept = admit(organisation, "สุดา", "ทองดี")
    shell = admit(organisation, "สุดา", "ทองดี", classroom=organisation.other_classroom)
    Student.objects.filter(pk=shell.student_id).update(merged_into=kept.student_id)
    with pytest.raises(NotFound):
        student_open(user=organisation.admin, student_id=shell.student_id)
    assert student_open(user=organisation.admin, student_id=kept.student_id).pk == kept.student_id


def test_anonymous_users_may_change_nothing(organisation: Org) -> None:
    anonymous = AnonymousUser()
    assert not course_result_policy.rows(anonymous, Action.CHANGE).exists()
    assert not student_policy.rows(anonymous, Action.CHANGE).exists()
    assert not student_policy.can(anonymous)
