"""Every write and every opening of a student's record leaves an audit event no one can edit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.admin.sites import site
from django.db import DatabaseError, transaction
from django.test import RequestFactory

from qinfo.attendance.services import MarkInput, attendance_record
from qinfo.audit.context import client_ip
from qinfo.audit.models import AuditEvent
from qinfo.enrolment.selectors import student_open

from .conftest import Org, admit


def test_audit_events_cannot_be_changed_or_deleted_even_by_the_database_user(
    organisation: Org,
) -> None:
    event = AuditEvent.objects.first()
    assert event is not None
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="delete")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == event.action


def test_admin_site_offers_no_way_to_change_audit_events(organisation: Org) -> None:
    request = RequestFactory().get("/admin/")
    request.user = organisation.admin
    model_admin = site._registry.get(AuditEvent)
    assert model_admin is not None
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert not model_admin.has_add_permission(request)


def test_opening_a_record_is_audited_with_who_what_and_where(organisation: Org) -> None:
    enrolment = admit(organisation, "ปิติ", "ยินดี")
    token = client_ip.set("10.1.2.3")
    try:
        student_open(user=organisation.teacher, student_id=enrolment.student_id)
    finally:
        client_ip.reset(token)
    event = AuditEvent.objects.filter(action="view").get()
    assert (event.actor_id, event.target_type, event.target_id, event.ip, event.school_id) == (
        organisation.teacher.pk,
        "people.student",
        str(enrolment.student_id),
        "10.1.2.3",
        organisation.school.pk,
    )


def test_a_changed_mark_keeps_its_previous_value_in_the_audit(organisation: Org) -> None:
    enrolment = admit(organisation, "ปิติ", "ยินดี")
    day = dt.date(2026, 11, 16)
    attendance_record(
        actor=organisation.teacher,
        classroom=organisation.classroom,
        date=day,
        marks=[MarkInput(enrolment.student_id, "P")],
    )
    attendance_record(
        actor=organisation.teacher,
        classroom=organisation.classroom,
        date=day,
        marks=[MarkInput(enrolment.student_id, "A", reason="ไม่มา")],
    )
    last = AuditEvent.objects.filter(target_type="organisations.classroom").first()
    assert last is not None and last.action == "update"
    assert last.changes["changed"] == {str(enrolment.student_id): ["P", "A"]}


def test_reference_tables_edited_in_the_admin_are_validated_audited_and_never_deleted(
    organisation: Org,
) -> None:
    from django.test import Client

    from qinfo.wellbeing.models import SdqBand

    band = SdqBand.objects.filter(form="teacher", scale="total", band="normal").get()
    organisation.admin.is_staff = organisation.admin.is_superuser = True
    organisation.admin.save()
    client = Client()
    client.force_login(organisation.admin)
    url = f"/admin/wellbeing/sdqband/{band.pk}/change/"
    form = {"form": band.form, "scale": band.scale, "band": band.band, "low": 0, "high": 14}
    response = client.post(url, form)
    assert response.status_code == 302, response.content[:500]
    band.refresh_from_db()
    assert band.high == 14
    event = AuditEvent.objects.filter(target_type="wellbeing.sdqband", target_id=str(band.pk)).get()
    assert event.changes == {"high": [15, 14]} and event.actor == organisation.admin
    # A high below the low breaks the table's check: refused, nothing saved or audited.
    client.post(url, {**form, "low": 10, "high": 3})
    band.refresh_from_db()
    assert (band.low, band.high) == (0, 14)
    assert AuditEvent.objects.filter(target_type="wellbeing.sdqband").count() == 1
    assert not site._registry[SdqBand].has_delete_permission(RequestFactory().get("/"))
