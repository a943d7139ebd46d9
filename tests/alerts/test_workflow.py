"""The workflow services: transitions, their events and audit, refusals and denials that write
nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from qinfo.accounts.models import Role
from qinfo.alerts.models import Alert
from qinfo.alerts.services import (
    alert_acknowledge,
    alert_dismiss,
    alert_record_action,
    alert_resolve,
    alerts_sync,
)
from qinfo.audit.models import AuditEvent
from qinfo.core.errors import DomainError, PermissionDenied
from tests.alerts.conftest import STREAK, Alerts, score, state
from tests.services.conftest import make_user

DAY = dt.date(2026, 11, 18)


@pytest.fixture
def alert(alerts: Alerts) -> Alert:
    score(alerts.kid, DAY, "at_risk", [STREAK])
    alerts_sync(DAY)
    return Alert.objects.get()


def test_new_acknowledged_acting_resolved(alerts: Alerts, alert: Alert) -> None:
    teacher = alerts.o.teacher
    audits = AuditEvent.objects.filter(target_type="alerts.alert", target_id=str(alert.pk))
    alert = alert_acknowledge(actor=teacher, alert=alert)
    assert alert.status == "acknowledged" and alert.acknowledged_at is not None
    alert = alert_record_action(actor=teacher, alert=alert, text="โทรหาผู้ปกครองแล้ว")
    assert alert.status == "acting"
    alert = alert_resolve(actor=teacher, alert=alert, reason="กลับมาเรียนแล้ว")
    alert.refresh_from_db()
    assert (alert.status, alert.close_reason) == ("resolved", "กลับมาเรียนแล้ว")
    assert alert.closed_at is not None
    events = list(alert.events.values_list("kind", "text", "by"))
    assert events == [
        ("opened", "", None),
        ("acknowledged", "", teacher.pk),
        ("action", "โทรหาผู้ปกครองแล้ว", teacher.pk),
        ("resolved", "กลับมาเรียนแล้ว", teacher.pk),
    ]
    assert audits.count() == 3
    assert audits.order_by("pk").last().changes["status"] == ["acting", "resolved"]  # type: ignore[union-attr]


def test_an_action_from_new_counts_as_acknowledging(alerts: Alerts, alert: Alert) -> None:
    alert = alert_record_action(actor=alerts.o.teacher, alert=alert, text="เยี่ยมบ้าน")
    assert alert.status == "acting" and alert.acknowledged_at is not None


def test_dismiss_from_new(alerts: Alerts, alert: Alert) -> None:
    alert = alert_dismiss(actor=alerts.director, alert=alert, reason="ป่วย มีใบรับรองแพทย์")
    assert alert.status == "dismissed"


@pytest.mark.parametrize("close", [alert_resolve, alert_dismiss])
@pytest.mark.parametrize("reason", ["", "   "])
def test_closing_needs_a_reason(alerts: Alerts, alert: Alert, close: object, reason: str) -> None:
    before = state()
    with pytest.raises(DomainError) as refused, translation.override("en"):
        close(actor=alerts.o.teacher, alert=alert, reason=reason)  # type: ignore[operator]
    assert refused.value.error_dict["reason"][0].code == "reason_required"
    with translation.override("en"):
        assert "Give a reason" in str(refused.value.error_dict["reason"][0].messages[0])
    assert state() == before


def test_an_action_needs_its_text_and_a_limit(alerts: Alerts, alert: Alert) -> None:
    before = state()
    with pytest.raises(DomainError):
        alert_record_action(actor=alerts.o.teacher, alert=alert, text=" ")
    with pytest.raises(DomainError) as too_long:
        alert_record_action(actor=alerts.o.teacher, alert=alert, text="x" * 2001)
    assert too_long.value.error_dict["text"][0].code == "too_long"
    assert state() == before


def test_acknowledging_twice_and_acting_on_a_closed_alert_are_refused(
    alerts: Alerts, alert: Alert
) -> None:
    alert_acknowledge(actor=alerts.o.teacher, alert=alert)
    before = state()
    with pytest.raises(DomainError) as twice:
        alert_acknowledge(actor=alerts.o.teacher, alert=alert)
    assert twice.value.code == "already_acknowledged"
    assert state() == before
    alert_resolve(actor=alerts.o.teacher, alert=alert, reason="ok")
    before = state()
    for attempt in (
        lambda: alert_record_action(actor=alerts.o.teacher, alert=alert, text="late"),
        lambda: alert_dismiss(actor=alerts.o.teacher, alert=alert, reason="again"),
    ):
        with pytest.raises(DomainError) as closed:
            attempt()
        assert closed.value.code == "alert_closed"
    assert state() == before


def test_who_may_act(alerts: Alerts, alert: Alert) -> None:
    o = alerts.o
    other_teacher = make_user("colleague", Role.TEACHER, school=o.school)
    before = state()
    for user in (o.outsider, o.registrar, other_teacher):
        with pytest.raises(PermissionDenied):
            alert_acknowledge(actor=user, alert=alert)
        with pytest.raises(PermissionDenied):
            alert_resolve(actor=user, alert=alert, reason="")  # denied before the reason is read
    assert state() == before
    assert alert_acknowledge(actor=o.officer, alert=alert).status == "acknowledged"
    assert alert_record_action(actor=alerts.director, alert=alert, text="ประชุม").status == "acting"
    assert alert_resolve(actor=o.admin, alert=alert, reason="ok").status == "resolved"
