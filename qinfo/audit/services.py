"""Writing audit events. Called by every service inside its own transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from qinfo.audit.context import client_ip
from qinfo.audit.models import AuditAction, AuditEvent


def audit_record(
    *,
    actor: Any,
    action: AuditAction,
    target: models.Model | None = None,
    target_type: str | None = None,
    target_id: str | int | None = None,
    school_id: int | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    if target is not None:
        target_type = target._meta.label_lower
        target_id = target.pk
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if authenticated else None,
        actor_label=actor.get_username() if authenticated else "",
        action=action,
        target_type=target_type or "",
        target_id="" if target_id is None else str(target_id),
        school_id=school_id,
        ip=client_ip.get(),
        changes=changes or {},
    )


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The fields that changed, as {"field": [old, new]}, in JSON-friendly form."""
    return {
        key: [_plain(before.get(key)), _plain(value)]
        for key, value in after.items()
        if before.get(key) != value
    }


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
