from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from qinfo.audit.context import client_ip


class RequestContextMiddleware:
    """Remembers the client's address for the audit trail while the request is served."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = client_ip.set(request.META.get("REMOTE_ADDR") or None)
        try:
            return self.get_response(request)
        finally:
            client_ip.reset(token)
