"""Helpers every service uses: one way to refuse input, one way to save and audit a row."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, models, transaction

from qinfo.audit.models import AuditAction
from qinfo.audit.services import audit_record, diff
from qinfo.core.errors import DomainError, PermissionDenied


def refuse(message: Any, code: str, field: str | None = None) -> DomainError:
    """A DomainError for one field (``field`` None: the whole request)."""
    if field is None:
        return DomainError(message, code=code)
    return DomainError({field: [DomainError(message, code=code)]})


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def field_values(obj: models.Model) -> dict[str, Any]:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def save_new(obj: models.Model, *, actor: Any, school_id: int | None = None) -> None:
    """Validates the row against its model (field rules and constraints), saves and audits it."""
    obj.full_clean()
    with transaction.atomic():
        try:
            obj.save()
        except IntegrityError as exc:  # a race past full_clean: same answer, nothing written
            raise refuse(str(exc), code="integrity") from exc
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=obj,
            school_id=school_id,
            changes=diff({}, field_values(obj)),
        )


def save_changes(
    obj: models.Model, *, actor: Any, before: dict[str, Any], school_id: int | None = None
) -> dict[str, Any]:
    """Validates and saves a changed row; the audit event keeps the previous values."""
    obj.full_clean()
    changes = diff(before, field_values(obj))
    if not changes:
        return changes
    with transaction.atomic():
        obj.save()
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            target=obj,
            school_id=school_id,
            changes=changes,
        )
    return changes
