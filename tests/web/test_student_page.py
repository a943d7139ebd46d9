"""The student's page: one record across years and schools; audited; de-identified for analysts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qinfo.audit.models import AuditAction, AuditEvent
from tests.web.conftest import PageWorld

pytestmark = pytest.mark.django_db


def page(page_world: PageWorld, persona: str) -> str:
    url = reverse("web:student", args=[page_world.mover.pk])  # type: ignore[union-attr]
    response = page_world.client(persona).get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_record_spans_years_and_schools(page_world: PageWorld) -> None:
    html = page(page_world, "teacher")
    assert "เด็กชายย้าย บ้านใหม่" in html
    assert "1101700203451" in html
    # Both schools, both years, in order, with the exit and its reason.
    assert page_world.school_b.name_th in html and page_world.school_a.name_th in html
    timeline = html[html.index('id="enrolments"') :]
    assert timeline.index("2568") < timeline.index("2569")
    assert "ย้ายออก" in html and "ย้ายที่อยู่" in html
    assert "กำลังศึกษา" in html
    # Dates in the Buddhist Era.
    assert "14 มี.ค. 2561" in html  # birth date
    assert "19 พ.ค. 2568" in html  # first enrolment
    assert "31 มี.ค. 2569" in html  # transfer out


def test_attendance_per_year_with_rate(page_world: PageWorld) -> None:
    html = page(page_world, "director")
    # 2568: 6 present, 1 late, 1 sick, 2 absent of 10 days: 70% attended.
    assert "70.0%" in html
    # 2569: 8 present, 1 late, 1 activity: 100%.
    assert "100.0%" in html
    assert "ลาป่วย" in html and "กิจกรรม" in html


def test_course_results_per_term_with_grades_and_special_marks(page_world: PageWorld) -> None:
    html = page(page_world, "officer")
    assert "ภาคเรียนที่ 1/2568" in html and "ภาคเรียนที่ 1/2569" in html
    assert "ท11101" in html and "ภาษาไทย 1" in html
    assert "รอการตัดสิน (ร)" in html
    assert "ผลการเรียนเฉลี่ย 3.00" in html


def test_household_and_guardians(page_world: PageWorld) -> None:
    html = page(page_world, "teacher")
    assert "มาลี บ้านใหม่" in html and "มารดา" in html and "ค้าขาย" in html
    assert "0812345678" in html
    assert "ผู้ปกครองหลัก" in html


def test_opening_the_page_leaves_an_audit_event(page_world: PageWorld) -> None:
    before = AuditEvent.objects.filter(action=AuditAction.VIEW).count()
    page(page_world, "teacher")
    events = AuditEvent.objects.filter(action=AuditAction.VIEW)
    assert events.count() == before + 1
    event = events.order_by("-id").first()
    assert event is not None
    assert event.actor_id == page_world.users["teacher"].pk
    assert event.target_type == "people.student"
    assert event.target_id == str(page_world.mover.pk)  # type: ignore[union-attr]
    assert event.school_id == page_world.school_a.pk
    assert event.ip == "127.0.0.1"


def test_a_refused_opening_is_not_audited_as_a_view(page_world: PageWorld) -> None:
    before = AuditEvent.objects.filter(action=AuditAction.VIEW).count()
    url = reverse("web:student", args=[page_world.mover.pk])  # type: ignore[union-attr]
    assert page_world.client("outsider").get(url).status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.VIEW).count() == before


def test_the_analyst_gets_no_names_ids_addresses_or_coordinates(page_world: PageWorld) -> None:
    html = page(page_world, "analyst")
    mover = page_world.mover
    assert mover is not None
    for secret in (
        mover.first_name_th,
        mover.last_name_th,
        mover.first_name_en,
        mover.identifier,
        mover.nickname and f">{mover.nickname}<",
        "12/3",  # house number
        "7.88",
        "98.39",
        "มาลี",  # guardian
        "0812345678",
        "14 มี.ค. 2561",  # full birth date
        "6701",  # student number
    ):
        assert secret and secret not in html, secret
    assert f"#{mover.pk}" in html
    assert "2561" in html  # birth year only
    # The analyst still sees the record's shape: schooling, attendance, results.
    assert "ย้ายออก" in html and "70.0%" in html and "รอการตัดสิน (ร)" in html
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, actor=page_world.users["analyst"]
    ).exists()


def test_the_student_list_for_an_analyst_shows_pseudonyms_only(page_world: PageWorld) -> None:
    response = page_world.client("analyst").get(reverse("web:students"), {"q": "กมล"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "กมล" not in html.replace('value="กมล"', "")
    response = page_world.client("analyst").get(reverse("web:students"))
    html = response.content.decode()
    assert f"#{page_world.students[0].pk}" in html
    for student in page_world.students:
        assert student.first_name_th not in html


def test_search_finds_by_name_within_scope(page_world: PageWorld) -> None:
    teacher = page_world.client("teacher")
    html = teacher.get(reverse("web:students"), {"q": "จันทร์"}).content.decode()
    assert "จันทร์เพ็ญ" in html and "กมล" not in html
    html = teacher.get(reverse("web:students"), {"q": "ภายนอก"}).content.decode()
    assert "นอกขอบเขต" not in html
    officer = page_world.client("officer")
    html = officer.get(reverse("web:students"), {"q": "ภายนอก"}).content.decode()
    assert "นอกขอบเขต" in html
