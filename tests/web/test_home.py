"""The home page shows each role what it works with."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.web.conftest import THAI_ORDER, PageWorld

pytestmark = pytest.mark.django_db


def home(page_world: PageWorld, persona: str) -> str:
    response = page_world.client(persona).get(reverse("web:home"))
    assert response.status_code == 200
    return response.content.decode()


def test_teacher_sees_the_classrooms_they_teach_this_year(page_world: PageWorld) -> None:
    page = home(page_world, "teacher")
    # The teacher's homeroom class comes first, under its own heading; no empty second section.
    homeroom = page.split('id="my-homerooms"')[1].split("</section>")[0]
    assert reverse("web:classroom", args=[page_world.class_a.pk]) in homeroom
    assert "ห้องประจำชั้นของฉัน" in page and 'id="my-classrooms"' not in page
    # ป.2/2 is in the same school but not the teacher's.
    assert reverse("web:classroom", args=[page_world.class_a2.pk]) not in page
    assert "ป.2/1" in page
    assert "ปีการศึกษา 2569" in page
    assert 'id="network"' not in page


def test_director_sees_the_school_by_grade_with_counts(page_world: PageWorld) -> None:
    page = home(page_world, "director")
    assert page_world.school_a.name_th in page
    assert reverse("web:classroom", args=[page_world.class_a.pk]) in page
    assert reverse("web:classroom", args=[page_world.class_a2.pk]) in page
    # Nine children and the child who moved in are in ป.2/1.
    assert f"<span>{len(THAI_ORDER) + 1}</span>" in page
    assert f"{len(THAI_ORDER) + 1} คน" in page
    assert page_world.school_b.name_th not in page


def test_officer_sees_every_school_of_the_network_with_counts(page_world: PageWorld) -> None:
    page = home(page_world, "officer")
    assert 'id="network"' in page
    for school in (page_world.school_a, page_world.school_b):
        assert reverse("web:school", args=[school.pk]) in page


def test_analyst_sees_counts_and_no_names(page_world: PageWorld) -> None:
    page = home(page_world, "analyst")
    assert 'id="network"' in page
    assert "ไม่ระบุตัวตน" in page
    for student in page_world.students:
        assert student.first_name_th not in page


def test_a_user_without_a_role_is_told_so(page_world: PageWorld) -> None:
    assert "ยังไม่มีบทบาท" in home(page_world, "nobody")
