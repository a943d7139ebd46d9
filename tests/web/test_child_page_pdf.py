"""The child's record printed to PDF in Thai: the same parts as the page, Thai text that can be
read back out of the file, one audit event per opening, refused like the page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qinfo.audit.models import AuditAction, AuditEvent
from tests.web.child_records import add_year_of_care
from tests.web.conftest import PageWorld
from tests.web.pdf_text import pdf_pages, pdf_text

pytestmark = pytest.mark.django_db


def pdf_of(world: PageWorld, persona: str) -> bytes:
    url = reverse("web:student_pdf", args=[world.mover.pk])  # type: ignore[union-attr]
    response = world.client(persona).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    return response.content


def test_the_pdf_carries_the_record_in_thai(page_world: PageWorld) -> None:
    mover = page_world.mover
    assert mover is not None
    add_year_of_care(mover, page_world.class_a, page_world.y2569, visit_note="บ้านเช่าริมคลอง")
    content = pdf_of(page_world, "teacher")
    text = pdf_text(content)
    # Names with vowels above and below and tone marks come back whole.
    assert "เด็กชายย้าย บ้านใหม่" in text
    assert "มาลี บ้านใหม่" in text
    assert "โรงเรียนเทศบาลบ้านบางเหนียว" in text and "โรงเรียนเทศบาลวัดขาด" in text
    assert "ภาคเรียนที่ 1/2568" in text and "ผลการเรียนเฉลี่ย 3.00" in text
    assert "ย้ายออก" in text and "14 มี.ค. 2561" in text
    assert "บ้านเช่าริมคลอง" in text
    assert "1101700203451" in text
    assert pdf_pages(content) >= 1


def test_every_opening_of_the_pdf_is_audited_once(page_world: PageWorld) -> None:
    before = AuditEvent.objects.filter(action=AuditAction.VIEW).count()
    pdf_of(page_world, "director")
    events = AuditEvent.objects.filter(action=AuditAction.VIEW)
    assert events.count() == before + 1
    event = events.order_by("-id").first()
    assert event is not None and event.target_id == str(page_world.mover.pk)  # type: ignore[union-attr]


def test_the_pdf_is_refused_like_the_page(page_world: PageWorld) -> None:
    url = reverse("web:student_pdf", args=[page_world.mover.pk])  # type: ignore[union-attr]
    before = AuditEvent.objects.count()
    assert page_world.client("outsider").get(url).status_code == 404
    assert AuditEvent.objects.count() == before
    response = page_world.client("nobody").get(url)
    assert response.status_code == 404
    from django.test import Client

    assert Client().get(url).status_code == 302  # to the sign-in page


def test_the_analysts_pdf_names_nobody(page_world: PageWorld) -> None:
    text = pdf_text(pdf_of(page_world, "analyst"))
    mover = page_world.mover
    assert mover is not None
    assert f"#{mover.pk}" in text and "ย้ายออก" in text
    for secret in (mover.first_name_th, mover.last_name_th, "มาลี", "1101700203451", "0812345678"):
        assert secret not in text, secret
