"""Demo accounts work only in demo mode; every sign-in attempt is audited."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate

from qinfo.accounts.models import User
from qinfo.audit.models import AuditEvent


def test_demo_accounts_are_refused_outside_demo_mode(db: None, settings: Any) -> None:
    User.objects.create_user(username="demo-teacher", password="demo")
    settings.DEMO_MODE = False
    assert authenticate(username="demo-teacher", password="demo") is None
    assert AuditEvent.objects.get().action == "login_failed"
    settings.DEMO_MODE = True
    assert authenticate(username="demo-teacher", password="demo") is not None


def test_ordinary_accounts_sign_in_in_production(db: None, settings: Any) -> None:
    settings.DEMO_MODE = False
    User.objects.create_user(username="somchai", password="a-long-password")
    assert authenticate(username="somchai", password="a-long-password") is not None
    assert authenticate(username="somchai", password="wrong") is None
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)) == [
        "login",
        "login_failed",
    ]
