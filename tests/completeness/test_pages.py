"""The completeness pages for each persona of tests/world.py, and their query budgets.

Today is pinned to Friday 20 November 2026 (conftest): the world's term ended on 10 October, so
the roll call checked is that of Friday 9 October, which no class of the world has taken.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qinfo.enrolment.models import Enrolment
from qinfo.organisations.models import Classroom, Course, GradeLevel
from qinfo.people.models import Student
from tests.conftest import Persona
from tests.world import World


def _roll_call_links(world: World, html: str) -> set[str]:
    return {
        key
        for key, classroom in world.classrooms.items()
        if reverse("web:roll_call", args=[classroom.pk]) in html
    }


def _page(persona_for: Callable[[str], Persona], name: str, url: str) -> str:
    response = persona_for(name).client.get(url)
    assert response.status_code == 200, (name, url, response.status_code)
    return response.content.decode()


def test_each_role_sees_its_own_roll_calls(
    world: World, persona_for: Callable[[str], Persona]
) -> None:
    url = reverse("web:completeness")
    # teacher_a: the homeroom A1 only (A2 is a course of theirs, not their homeroom).
    assert _roll_call_links(world, _page(persona_for, "teacher_a", url)) == {"A1"}
    assert _roll_call_links(world, _page(persona_for, "teacher_b", url)) == {"B1"}
    director = _page(persona_for, "director_a", url)
    assert _roll_call_links(world, director) == {"A1", "A2", "A3"}
    assert world.schools["B"].name_th not in director
    assert "anucha" not in director.lower() and world.staff["anucha"].first_name_th not in director


def test_the_network_sees_every_school_and_nothing_outside(
    world: World, persona_for: Callable[[str], Persona]
) -> None:
    url = reverse("web:completeness")
    for persona in ("officer", "analyst"):
        html = _page(persona_for, persona, url)
        assert world.schools["A"].name_th in html and world.schools["B"].name_th in html
        assert world.schools["X"].name_th not in html
    analyst = _page(persona_for, "analyst", url)
    names = [n for values in world.staff_names().values() for n in values]
    assert not [n for n in names if n in analyst]
    assert world.schools["X"].name_th in _page(persona_for, "admin", url)


def test_school_page_answers_for_visible_schools_only(
    world: World, persona_for: Callable[[str], Persona]
) -> None:
    a = reverse("web:school_completeness", args=[world.schools["A"].pk])
    b = reverse("web:school_completeness", args=[world.schools["B"].pk])
    html = _page(persona_for, "director_a", a)
    assert 'id="months"' in html and _roll_call_links(world, html) == {"A1", "A2", "A3"}
    assert persona_for("director_a").client.get(b).status_code == 404
    assert persona_for("teacher_b").client.get(a).status_code == 404
    anonymous = persona_for("anonymous").client.get(a)
    assert anonymous.status_code == 302


def _grow_school_a(world: World, rooms: range) -> None:
    """Three more classes with a student and a course each: a page must not need more queries."""
    base = world.classrooms["A1"]
    course = world.courses["A1"]
    for room in rooms:
        classroom = Classroom.objects.create(
            school=base.school,
            academic_year=base.academic_year,
            grade_level=GradeLevel.P3,
            room=room,
        )
        classroom.homeroom_teachers.add(world.staff["sudarat"])
        Course.objects.create(classroom=classroom, term=course.term, subject=course.subject)
        student = Student.objects.create(
            identifier_kind="pending", first_name_th=f"เพิ่ม{room}", last_name_th="ทดสอบ",
            sex="M", birth_date=world.students["a1_thipwan"].birth_date,
        )  # fmt: skip
        Enrolment.objects.create(
            student=student, classroom=classroom, school=base.school,
            academic_year=base.academic_year, start_date=base.academic_year.start_date,
            status="active",
        )  # fmt: skip


@pytest.mark.parametrize(
    ("persona", "page"),
    [
        ("teacher_a", "home"),
        ("director_a", "home"),
        ("officer", "home"),
        ("director_a", "school"),
    ],
)
def test_queries_do_not_grow_with_the_school(
    world: World, persona_for: Callable[[str], Persona], persona: str, page: str
) -> None:
    client = persona_for(persona).client
    if page == "home":
        url = reverse("web:completeness")
    else:
        url = reverse("web:school_completeness", args=[world.schools["A"].pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    _grow_school_a(world, range(5, 7))  # so that every list on the page has rows
    count()  # the first request of a session loads the session and the user
    before = count()
    _grow_school_a(world, range(7, 12))
    assert count() == before
    assert before <= 30
