"""An administrator records where a person gets alerts (LINE user ID, e-mail on or off) in the
admin; the change is audited and nobody deletes the row there."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from qinfo.accounts.models import User
from qinfo.alerts.models import ContactPoint
from qinfo.audit.models import AuditEvent


@pytest.mark.django_db
def test_an_administrator_records_a_line_user_id_and_it_is_audited() -> None:
    admin = User.objects.create_superuser("root-admin", "root@example.org", "pw-long-enough")
    teacher = User.objects.create_user("kru-a", "kru@example.org", "pw-long-enough")
    client = Client()
    client.force_login(admin)
    answer = client.post(
        reverse("admin:alerts_contactpoint_add"),
        {"user": teacher.pk, "email_enabled": "on", "line_user_id": "U1234567890abcdef"},
    )
    assert answer.status_code == 302, answer.content[:500]
    point = ContactPoint.objects.get(user=teacher)
    assert point.line_user_id == "U1234567890abcdef" and point.email_enabled
    event = AuditEvent.objects.get(target_type="alerts.contactpoint", target_id=str(point.pk))
    assert event.actor_id == admin.pk
    delete = reverse("admin:alerts_contactpoint_delete", args=[point.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert ContactPoint.objects.filter(pk=point.pk).exists()


@pytest.mark.django_db
def test_a_teacher_cannot_open_the_admin() -> None:
    teacher = User.objects.create_user("kru-b", "krub@example.org", "pw-long-enough")
    client = Client()
    client.force_login(teacher)
    answer = client.get(reverse("admin:alerts_contactpoint_changelist"))
    assert answer.status_code == 302 and "/login/" in answer["Location"]
