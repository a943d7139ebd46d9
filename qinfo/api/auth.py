"""Who is calling: a bearer token (``Authorization: Bearer <token>``) or the browser's session.

A request that sends a bearer token is judged by that token alone: a wrong or revoked token is
refused (401) even when a session cookie is also present. GET requests need no CSRF token.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from qinfo.accounts.tokens import api_token_user


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(token)
        if user is None:
            raise AuthenticationError()
        return user


class Session(SessionAuth):
    def __call__(self, request: HttpRequest) -> Any:
        # Only a signed-in session is held to CSRF (403 without the token); a caller with no
        # session is simply not authenticated, and is answered 401 like any other.
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        return user if user.is_authenticated and user.is_active else None


AUTH = [BearerToken(), Session()]


def actor(request: HttpRequest) -> Any:
    """The authenticated user of an API request (set by one of ``AUTH``)."""
    return request.auth  # type: ignore[attr-defined]
