"""Errors a service raises when input breaks a rule. Messages are translatable (Thai first)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

__all__ = ["DomainError", "NotFound", "PermissionDenied", "ValidationError"]


class DomainError(ValidationError):
    """A rule of the domain was broken; nothing was written. ``code`` is stable for clients."""


class NotFound(Exception):
    """The row does not exist, or the user may not know that it exists (both answer 404)."""


def error_details(error: ValidationError) -> list[dict[str, str]]:
    """[{"field", "code", "message"}] for every problem in a ValidationError ("" field: whole
    request). Messages are rendered in the active language."""
    if hasattr(error, "error_dict"):
        return [
            {"field": field, "code": item.code or "invalid", "message": " ".join(item.messages)}
            for field, items in error.error_dict.items()
            for item in items
        ]
    return [
        {"field": "", "code": item.code or "invalid", "message": " ".join(item.messages)}
        for item in error.error_list
    ]
