"""Sign-in: Django's model backend, minus the demo accounts outside demo mode, plus an audit."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from qinfo.audit.models import AuditAction
from qinfo.audit.services import audit_record

DEMO_PREFIX = "demo-"


def is_demo_username(username: str | None) -> bool:
    return bool(username) and str(username).lower().startswith(DEMO_PREFIX)


class QinfoBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if is_demo_username(username) and not settings.DEMO_MODE:
            # Production settings refuse the well-known demo passwords outright.
            user = None
        else:
            user = super().authenticate(request, username=username, password=password, **kwargs)
        audit_record(
            actor=user,
            action=AuditAction.LOGIN if user else AuditAction.LOGIN_FAILED,
            target_type="accounts.user",
            target_id=user.pk if user else "",
            changes={} if user else {"username": (username or "")[:150]},
        )
        return user
