"""Errors a service raises when input breaks a rule. Messages are translatable (Thai first)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

__all__ = ["DomainError", "NotFound", "PermissionDenied", "ValidationError"]


class DomainError(ValidationError):
    """A rule of the domain was broken; nothing was written. ``code`` is stable for clients."""


class NotFound(Exception):
    """The row does not exist, or the user may not know that it exists (both answer 404)."""
