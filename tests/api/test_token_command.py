"""qinfo manage token: issue a token that really opens the API, list it, revoke it."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from qinfo.accounts.models import ApiToken, User


def run(*args: str) -> str:
    out = StringIO()
    call_command("token", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_issued_token_opens_the_api_until_revoked(db: None) -> None:
    User.objects.create_user(username="somchai", password="x" * 12)
    raw = run("create", "somchai", "--name", "school app").strip()
    assert raw.startswith("qinfo_")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.get("/api/v1/schools").status_code == 200

    token = ApiToken.objects.get()
    assert raw not in token.key_hash and token.name == "school app"
    assert f"{token.pk}\t" in run("list", "somchai") and "active" in run("list", "somchai")

    run("revoke", "somchai", str(token.pk))
    assert api.get("/api/v1/schools").status_code == 401
    assert "revoked" in run("list", "somchai")


def test_unknown_user_and_someone_elses_token_are_refused(db: None) -> None:
    User.objects.create_user(username="a", password="x" * 12)
    User.objects.create_user(username="b", password="x" * 12)
    run("create", "a", "--name", "mine")
    with pytest.raises(CommandError, match="no active user"):
        run("create", "nobody", "--name", "x")
    with pytest.raises(CommandError, match="has no token"):
        run("revoke", "b", str(ApiToken.objects.get().pk))
    assert not ApiToken.objects.get().revoked
