"""The alert API and pages: transitions with 403/404/422 answers that change nothing, the
watchlist by role with its filters and sorting, the inbox and its unread count."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from qinfo.alerts.models import Alert, Notification
from qinfo.alerts.services import alerts_sync
from qinfo.audit.models import AuditAction, AuditEvent
from tests.alerts.conftest import LOW, SDQ, STREAK, Alerts, score, state

DAY = dt.date(2026, 11, 18)


@pytest.fixture
def alert(alerts: Alerts) -> Alert:
    score(alerts.kid, DAY, "at_risk", [STREAK], attendance=85.0)
    score(alerts.sibling, DAY, "problem", [LOW, SDQ], attendance=72.5)
    score(alerts.orphan, DAY, "normal")
    score(alerts.elsewhere, DAY, "at_risk", [SDQ])
    alerts_sync(DAY)
    return Alert.objects.get(student=alerts.kid)


def post(client: Client, path: str, body: dict[str, str] | None = None) -> object:
    return client.post(path, json.dumps(body or {}), content_type="application/json")


def test_api_transitions(alerts: Alerts, alert: Alert) -> None:
    teacher = alerts.client(alerts.o.teacher)
    base = f"/api/v1/alerts/{alert.pk}"
    response = post(teacher, f"{base}/acknowledge")
    assert response.status_code == 200 and response.json()["status"] == "acknowledged"  # type: ignore[attr-defined]
    response = post(teacher, f"{base}/actions", {"text": "โทรหาแม่"})
    assert response.json()["status"] == "acting"  # type: ignore[attr-defined]
    before = state()
    refused = post(teacher, f"{base}/resolve", {"reason": ""})
    assert refused.status_code == 422  # type: ignore[attr-defined]
    assert refused.json()["errors"][0]["code"] == "reason_required"  # type: ignore[attr-defined]
    assert state() == before
    done = post(teacher, f"{base}/resolve", {"reason": "มาเรียนครบ"})
    assert done.json()["status"] == "resolved"  # type: ignore[attr-defined]
    assert done.json()["reasons"][0]["text"] == "ขาดเรียนติดต่อกัน 3 วัน"  # type: ignore[attr-defined]


def test_api_denials_change_nothing(alerts: Alerts, alert: Alert) -> None:
    before = state()
    base = f"/api/v1/alerts/{alert.pk}"
    outsider = post(alerts.client(alerts.o.outsider), f"{base}/acknowledge")
    assert outsider.status_code == 404  # type: ignore[attr-defined]
    registrar = post(alerts.client(alerts.o.registrar), f"{base}/dismiss", {"reason": "x"})
    assert registrar.status_code == 403  # type: ignore[attr-defined]
    anonymous = post(Client(), f"{base}/acknowledge")
    assert anonymous.status_code == 401  # type: ignore[attr-defined]
    missing = post(alerts.client(alerts.o.teacher), "/api/v1/alerts/999999/acknowledge")
    assert missing.status_code == 404  # type: ignore[attr-defined]
    assert state() == before


def test_api_watchlist_filters_and_sorts(alerts: Alerts, alert: Alert) -> None:
    teacher = alerts.client(alerts.o.teacher)
    body = teacher.get("/api/v1/watchlist").json()
    assert [i["student_id"] for i in body["items"]] == [alerts.sibling.pk, alerts.kid.pk]
    by_rate = teacher.get("/api/v1/watchlist", {"sort": "-attendance"}).json()["items"]
    assert [i["attendance_rate"] for i in by_rate] == [85.0, 72.5]
    wellbeing = teacher.get("/api/v1/watchlist", {"dimension": "wellbeing"}).json()["items"]
    assert [i["student_id"] for i in wellbeing] == [alerts.sibling.pk]
    assert teacher.get("/api/v1/watchlist", {"sort": "bogus"}).status_code == 422


def test_watchlist_by_role(alerts: Alerts, alert: Alert) -> None:
    teacher = alerts.client(alerts.o.teacher).get("/watchlist/").content.decode()
    assert "My students at risk" in teacher or "นักเรียนกลุ่มเสี่ยงของฉัน" in teacher
    assert "ขาดเรียนติดต่อกัน 3 วัน" in teacher  # the reason in words
    assert alerts.kid.first_name_th in teacher and alerts.elsewhere.first_name_th not in teacher
    director = alerts.client(alerts.director).get("/watchlist/").content.decode()
    assert alerts.sibling.first_name_th in director
    assert alerts.orphan.first_name_th not in director  # scored normal
    assert alerts.elsewhere.first_name_th not in director
    officer = alerts.client(alerts.o.officer).get("/watchlist/").content.decode()
    assert alerts.elsewhere.first_name_th in officer
    filtered = alerts.client(alerts.o.officer).get("/watchlist/", {"level": "problem"})
    html = filtered.content.decode()
    assert alerts.sibling.first_name_th in html and alerts.kid.first_name_th not in html
    by_name = alerts.client(alerts.o.officer).get("/watchlist/", {"sort": "name"}).content.decode()
    assert by_name.index("กมล") < by_name.index("ขวัญ") < by_name.index("จันทร์")


def test_alert_page_works_the_alert(alerts: Alerts, alert: Alert) -> None:
    teacher = alerts.client(alerts.o.teacher)
    url = f"/alerts/students/{alerts.kid.pk}/"
    before = AuditEvent.objects.filter(action=AuditAction.VIEW).count()
    page = teacher.get(url).content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.VIEW).count() == before + 1
    assert "ขาดเรียนติดต่อกัน 3 วัน" in page and 'id="acknowledge-form"' in page
    done = teacher.post(url, {"alert": alert.pk, "do": "acknowledge"})
    assert done.status_code == 302
    snapshot = state()
    refused = teacher.post(url, {"alert": alert.pk, "do": "dismiss", "text": ""})
    assert refused.status_code == 422 and 'id="refused"' in refused.content.decode()
    assert state()[:3] == snapshot[:3]  # only the page's own VIEW audit event was added
    teacher.post(url, {"alert": alert.pk, "do": "dismiss", "text": "ย้ายบ้าน ติดต่อแล้ว"})
    alert.refresh_from_db()
    assert alert.status == "dismissed"


def test_alert_page_denials(alerts: Alerts, alert: Alert) -> None:
    url = f"/alerts/students/{alerts.kid.pk}/"
    before = state()
    assert (
        alerts.client(alerts.o.outsider)
        .post(url, {"alert": alert.pk, "do": "acknowledge"})
        .status_code
        == 404
    )
    assert (
        alerts.client(alerts.o.registrar)
        .post(url, {"alert": alert.pk, "do": "acknowledge"})
        .status_code
        == 403
    )
    other = f"/alerts/students/{alerts.sibling.pk}/"  # an alert that is not this child's
    assert (
        alerts.client(alerts.o.teacher)
        .post(other, {"alert": alert.pk, "do": "acknowledge"})
        .status_code
        == 404
    )
    assert state() == before


def test_inbox_and_unread_count(alerts: Alerts, alert: Alert) -> None:
    teacher = alerts.client(alerts.o.teacher)
    home = teacher.get("/").content.decode()
    assert 'id="alerts-unread">2<' in home  # the kid and the sibling
    inbox = teacher.get("/alerts/").content.decode()
    assert alerts.kid.first_name_th in inbox and alerts.sibling.first_name_th in inbox
    assert teacher.post("/alerts/").status_code == 302
    assert not Notification.objects.filter(recipient=alerts.o.teacher, read_at__isnull=True)
    assert 'id="alerts-unread"' not in teacher.get("/").content.decode()
