"""Schools, a school, a classroom (in Thai order), and the sign-in page."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from qinfo.audit.models import AuditAction, AuditEvent
from tests.web.conftest import PASSWORD, THAI_ORDER, PageWorld

pytestmark = pytest.mark.django_db


def get(page_world: PageWorld, persona: str, url: str) -> str:
    response = page_world.client(persona).get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_school_list_for_officer_and_director(page_world: PageWorld) -> None:
    html = get(page_world, "officer", reverse("web:schools"))
    assert page_world.school_a.name_th in html and page_world.school_b.name_th in html
    html = get(page_world, "director", reverse("web:schools"))
    assert page_world.school_a.name_th in html and page_world.school_b.name_th not in html


def test_school_page_shows_classrooms_of_the_chosen_year(page_world: PageWorld) -> None:
    url = reverse("web:school", args=[page_world.school_b.pk])
    html = get(page_world, "officer", url)
    assert "ป.2/1" in html and "ป.1/1" not in html  # the current year, 2569
    html = get(page_world, "officer", url + "?year=2568")
    assert "ป.1/1" in html and "ป.2/1" not in html


def test_classroom_lists_students_in_thai_order(page_world: PageWorld) -> None:
    html = get(page_world, "teacher", reverse("web:classroom", args=[page_world.class_a.pk]))
    positions = [html.index(f"{name} ทดสอบ") for name in THAI_ORDER]
    assert positions == sorted(positions)
    # Unicode order would have put ไก่ after อรุณ.
    assert html.index("ไก่ ทดสอบ") < html.index("อรุณ ทดสอบ")
    assert "นางสมศรี ใจงาม" in html  # homeroom teacher


def test_classroom_for_the_analyst_has_no_names(page_world: PageWorld) -> None:
    html = get(page_world, "analyst", reverse("web:classroom", args=[page_world.class_a.pk]))
    for name in THAI_ORDER:
        assert f"{name} ทดสอบ" not in html
    assert "สมศรี" not in html  # staff names are hidden from analysts too
    assert f"#{page_world.students[0].pk}" in html


def test_sign_in_page_and_a_clear_bilingual_error(page_world: PageWorld) -> None:
    client = Client()
    assert client.get(reverse("web:login")).status_code == 200
    response = client.post(reverse("web:login"), {"username": "teacher", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in html
    assert "The username or password is not correct" in html
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).exists()


def test_sign_in_then_sign_out(page_world: PageWorld) -> None:
    client = Client()
    response = client.post(reverse("web:login"), {"username": "teacher", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("web:home")
    assert client.get(reverse("web:home")).status_code == 200
    # Signing out is a POST; a GET does not sign anyone out.
    assert client.get(reverse("web:logout")).status_code == 405
    response = client.post(reverse("web:logout"))
    assert response.status_code == 302
    assert client.get(reverse("web:home")).status_code == 302


@override_settings(DEMO_MODE=False)
def test_demo_accounts_are_refused_outside_demo_mode(page_world: PageWorld) -> None:
    from qinfo.accounts.models import User

    User.objects.create_user(username="demo-teacher", password="demo")
    response = Client().post(reverse("web:login"), {"username": "demo-teacher", "password": "demo"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "บัญชีสาธิตใช้ได้เฉพาะในระบบสาธิต" in html
    assert "Demo accounts work only on a demo site" in html


def _queries(client: Client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("page", ["classroom", "students", "student", "home", "school"])
def test_queries_do_not_grow_with_the_number_of_students(page_world: PageWorld, page: str) -> None:
    from tests.web.conftest import enrol, make_student

    url = {
        "classroom": reverse("web:classroom", args=[page_world.class_a.pk]),
        "students": reverse("web:students"),
        "student": reverse("web:student", args=[page_world.mover.pk]),  # type: ignore[union-attr]
        "home": reverse("web:home"),
        "school": reverse("web:school", args=[page_world.school_a.pk]),
    }[page]
    client = page_world.client("director")
    before = _queries(client, url)
    for i in range(15):
        enrol(make_student(f"เพิ่ม{i}", "ทดสอบ"), page_world.class_a, page_world.y2569.start_date)
    assert _queries(client, url) == before
