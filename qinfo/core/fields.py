"""Fields many tables share."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


def acting_user(*, db_constraint: bool = False, db_index: bool = True) -> Any:
    """The account that recorded or changed a row. Deleting an account never deletes what it
    recorded (SET_NULL); without a database constraint by default, so that bulk loads and the
    append-only audit trail never wait on the users table."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=db_constraint,
        db_index=db_index,
    )
