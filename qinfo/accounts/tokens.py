"""API tokens: issued once, stored only as a SHA-256, revocable, audited.

The raw token is returned by ``api_token_create`` and never again; the database holds its hash and
its first characters (so that a person can tell their tokens apart).
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from qinfo.accounts.models import ApiToken, User, hash_token, is_admin
from qinfo.audit.models import AuditAction
from qinfo.audit.services import audit_record
from qinfo.core.errors import NotFound, PermissionDenied

#: Tokens look like ``qinfo_<43 url-safe characters>``.
TOKEN_PREFIX = "qinfo_"
#: last_used_at is written at most this often per token, not on every request.
TOUCH_EVERY = dt.timedelta(minutes=1)
_MAX_TOKEN_LENGTH = 200


def _may_manage(actor: Any, user: User) -> bool:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    return actor.pk == user.pk or is_admin(actor)


def api_token_create(*, actor: Any, user: User, name: str) -> tuple[ApiToken, str]:
    """Issues a token for ``user`` (oneself, or anyone for an administrator).

    Returns the stored token and the raw token, which is shown to the person once.
    """
    if not _may_manage(actor, user):
        raise PermissionDenied("may not issue tokens for this user")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name.strip()[:100], key_hash=hash_token(raw), prefix=raw[:8]
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=token,
            changes={"user": user.pk, "name": token.name},
        )
    return token, raw


def api_token_revoke(*, actor: Any, token_id: int) -> ApiToken:
    """Revokes a token of one's own (or anyone's, for an administrator); NotFound otherwise."""
    with transaction.atomic():
        token = (
            ApiToken.objects.select_for_update().select_related("user").filter(pk=token_id).first()
        )
        if token is None or not _may_manage(actor, token.user):
            raise NotFound(f"accounts.ApiToken {token_id}")
        if not token.revoked:
            token.revoked = True
            token.save(update_fields=["revoked"])
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                target=token,
                changes={"revoked": [False, True]},
            )
    return token


def api_token_user(raw: str) -> User | None:
    """The active user a raw token belongs to, or None for an unknown or revoked token."""
    if not raw or len(raw) > _MAX_TOKEN_LENGTH:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked=False)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
