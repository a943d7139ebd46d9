"""Delivery to fake servers on loopback: an SMTP server (aiosmtpd) and a LINE Messaging API stand-in
(http.server). What arrived is checked; failures are recorded on the notification and never break
the sync."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core.mail.utils import DNS_NAME

from qinfo.alerts.models import Alert, ContactPoint, Notification
from qinfo.alerts.services import alerts_sync
from tests.alerts.conftest import STREAK, Alerts, score

DAY = dt.date(2026, 11, 18)
LINE_TOKEN = "test-channel-token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), parsed))  # type: ignore[arg-type]
        return "250 OK"


@pytest.fixture
def smtp(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    # Django greets the server with this machine's FQDN; looking it up can wait for DNS.
    monkeypatch.setattr(DNS_NAME, "_fqdn", "localhost", raising=False)
    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port, server_hostname="localhost")
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.QINFO_SITE_URL = "https://qinfo.example"
    try:
        yield box
    finally:
        controller.stop()


class LineServer:
    def __init__(self, status: int = 200) -> None:
        self.requests: list[dict[str, Any]] = []
        received = self.requests

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                received.append(
                    {
                        "path": self.path,
                        "auth": self.headers.get("Authorization"),
                        "body": json.loads(self.rfile.read(length)),
                    }
                )
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"sentMessages": [{"id": "1", "quoteToken": "q"}]}')

            def log_message(self, *args: Any) -> None:
                return None

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def line_at(settings: Any, status: int = 200) -> Iterator[LineServer]:
    server = LineServer(status)
    settings.QINFO_LINE_TOKEN, settings.QINFO_LINE_API_URL = LINE_TOKEN, server.url
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def line(settings: Any) -> Iterator[LineServer]:
    yield from line_at(settings)


@pytest.fixture
def broken_line(settings: Any) -> Iterator[LineServer]:
    yield from line_at(settings, status=500)


def test_email_in_thai_with_english_below_and_a_link(alerts: Alerts, smtp: Mailbox) -> None:
    score(alerts.kid, DAY, "at_risk", [STREAK])
    counts = alerts_sync(DAY)
    assert (counts["sent"], counts["failed"]) == (1, 0)
    [(to, mail)] = smtp.messages
    assert to == ["teacher@school.example"]
    body = mail.get_content()
    alert = Alert.objects.get()
    assert "ขาดเรียนติดต่อกัน 3 วัน" in body  # the reason in Thai words
    assert "School days absent in a row: 3" in body  # and in English, below it
    assert body.index("ขาดเรียนติดต่อกัน 3 วัน") < body.index("School days absent in a row")
    assert f"https://qinfo.example/alerts/students/{alerts.kid.pk}/?alert={alert.pk}" in body
    assert alerts.kid.first_name_th not in body and alerts.kid.first_name_th not in mail["Subject"]
    assert Notification.objects.get(channel="email").status == "sent"


def test_no_email_when_turned_off_or_without_an_address(alerts: Alerts, smtp: Mailbox) -> None:
    ContactPoint.objects.create(user=alerts.o.teacher, email_enabled=False)
    alerts.director.email = ""
    alerts.director.save()
    score(alerts.kid, DAY, "at_risk", [STREAK])
    score(alerts.orphan, DAY, "at_risk", [STREAK])  # owned by the director
    alerts_sync(DAY)
    assert smtp.messages == []
    assert not Notification.objects.filter(channel="email").exists()
    assert Notification.objects.filter(channel="inbox").count() == 2


def test_no_email_without_a_mail_server(alerts: Alerts, settings: Any) -> None:
    settings.EMAIL_HOST = ""
    score(alerts.kid, DAY, "at_risk", [STREAK])
    alerts_sync(DAY)
    assert list(Notification.objects.values_list("channel", flat=True)) == ["inbox"]


def test_line_push_reaches_the_api(alerts: Alerts, line: LineServer, settings: Any) -> None:
    settings.EMAIL_HOST = ""
    ContactPoint.objects.create(user=alerts.o.teacher, line_user_id="U1234567890abcdef")
    score(alerts.kid, DAY, "at_risk", [STREAK])
    assert alerts_sync(DAY)["sent"] == 1
    [request] = line.requests
    assert request["path"] == "/v2/bot/message/push"
    assert request["auth"] == f"Bearer {LINE_TOKEN}"
    assert request["body"]["to"] == "U1234567890abcdef"
    [text] = [m["text"] for m in request["body"]["messages"] if m["type"] == "text"]
    assert "ขาดเรียนติดต่อกัน 3 วัน" in text and f"/alerts/students/{alerts.kid.pk}/" in text
    assert Notification.objects.get(channel="line").status == "sent"


def test_failures_are_recorded_and_do_not_break_the_sync(
    alerts: Alerts, broken_line: LineServer, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    ContactPoint.objects.create(user=alerts.o.teacher, line_user_id="U1")
    score(alerts.kid, DAY, "at_risk", [STREAK])
    counts = alerts_sync(DAY)
    assert (counts["opened"], counts["sent"], counts["failed"]) == (1, 0, 2)
    failed = {n.channel: n for n in Notification.objects.filter(status="failed")}
    assert set(failed) == {"email", "line"}
    assert "500" in failed["line"].error and failed["email"].error
    assert len(broken_line.requests) == 1
    assert Alert.objects.get().status == "new"
