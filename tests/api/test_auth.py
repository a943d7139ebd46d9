"""Who may call the API: a session, or a bearer token that is known and not revoked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from qinfo.accounts.models import ApiToken, hash_token
from qinfo.accounts.tokens import api_token_create, api_token_revoke
from qinfo.audit.models import AuditAction, AuditEvent
from qinfo.core.errors import NotFound, PermissionDenied
from tests.world import World


def _bearer(raw: str) -> str:
    return f"Bearer {raw}"


def test_anonymous_requests_are_refused(world: World) -> None:
    response = Client().get("/api/v1/students")
    assert response.status_code == 401
    assert response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_session_is_enough_and_get_needs_no_csrf_token(
    world: World, api_client_for: Callable[[str], Client]
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["director_a"])
    assert client.get("/api/v1/schools").json()["count"] == 1


def test_a_token_authenticates_its_user(world: World) -> None:
    _, raw = api_token_create(
        actor=world.users["officer"], user=world.users["officer"], name="script"
    )
    response = Client().get("/api/v1/schools", HTTP_AUTHORIZATION=_bearer(raw))
    assert response.status_code == 200
    assert response.json()["count"] == 2  # the officer's network: schools A and B


def test_only_the_hash_is_stored_and_the_issue_is_audited(world: World) -> None:
    officer = world.users["officer"]
    token, raw = api_token_create(actor=officer, user=officer, name="nightly export")
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hash_token(raw) != raw
    assert raw.startswith(stored.prefix) and len(stored.prefix) == 8
    assert raw not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    event = AuditEvent.objects.get(target_type="accounts.apitoken", target_id=str(token.pk))
    assert event.action == AuditAction.CREATE and event.actor == officer
    assert raw not in str(event.changes)


@pytest.mark.parametrize(
    "header",
    ["Bearer qinfo_not-a-token", "Bearer ", "Bearer " + "x" * 500],
    ids=["unknown", "empty", "too-long"],
)
def test_a_wrong_token_is_refused(world: World, header: str) -> None:
    assert Client().get("/api/v1/schools", HTTP_AUTHORIZATION=header).status_code == 401


def test_a_revoked_token_is_refused(world: World) -> None:
    officer = world.users["officer"]
    token, raw = api_token_create(actor=officer, user=officer, name="old")
    api_token_revoke(actor=officer, token_id=token.pk)
    assert Client().get("/api/v1/schools", HTTP_AUTHORIZATION=_bearer(raw)).status_code == 401
    assert AuditEvent.objects.filter(
        target_type="accounts.apitoken", action=AuditAction.UPDATE
    ).exists()


def test_a_token_of_a_deactivated_user_is_refused(world: World) -> None:
    officer = world.users["officer"]
    _, raw = api_token_create(actor=officer, user=officer, name="x")
    officer.is_active = False
    officer.save()
    assert Client().get("/api/v1/schools", HTTP_AUTHORIZATION=_bearer(raw)).status_code == 401


def test_a_wrong_token_is_refused_even_beside_a_valid_session(
    world: World, api_client_for: Callable[[str], Client]
) -> None:
    client = api_client_for("officer")
    response = client.get("/api/v1/schools", HTTP_AUTHORIZATION="Bearer qinfo_wrong")
    assert response.status_code == 401


def test_last_use_is_recorded_at_most_once_a_minute(world: World) -> None:
    officer = world.users["officer"]
    token, raw = api_token_create(actor=officer, user=officer, name="x")
    client = Client()
    client.get("/api/v1/schools", HTTP_AUTHORIZATION=_bearer(raw))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get("/api/v1/schools", HTTP_AUTHORIZATION=_bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - dt.timedelta(minutes=2))
    client.get("/api/v1/schools", HTTP_AUTHORIZATION=_bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at is not None and token.last_used_at > first - dt.timedelta(seconds=1)
    assert timezone.now() - token.last_used_at < dt.timedelta(minutes=1)


def test_tokens_are_issued_and_revoked_only_by_their_owner_or_an_administrator(
    world: World,
) -> None:
    officer, teacher, admin = (world.users[n] for n in ("officer", "teacher_a", "admin"))
    with pytest.raises(PermissionDenied):
        api_token_create(actor=teacher, user=officer, name="not mine")
    token, _ = api_token_create(actor=admin, user=officer, name="issued by admin")
    assert token.user == officer
    with pytest.raises(NotFound):
        api_token_revoke(actor=teacher, token_id=token.pk)
    assert not ApiToken.objects.get(pk=token.pk).revoked
    api_token_revoke(actor=admin, token_id=token.pk)
    assert ApiToken.objects.get(pk=token.pk).revoked
