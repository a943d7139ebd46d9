"""How the API answers errors: one JSON shape, {"detail": ..., "errors": [...]}, in the user's
language (Thai by default, English by Accept-Language or the language cookie)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from qinfo.api.schemas import ErrorOut
from qinfo.core.errors import NotFound, PermissionDenied

#: What every operation may answer besides its own result: no or a wrong credential (401), and a
#: parameter that is not valid (422).
ALWAYS = (401, 422)


def answers(ok: Any, *also: int) -> dict[int, Any]:
    """The documented responses of an operation: ``ok`` (200), and ``ErrorOut`` for the error
    statuses it may give: 401 and 422 always, and ``also`` (e.g. 404 for one row)."""
    return {200: ok, **dict.fromkeys(sorted({*ALWAYS, *also}), ErrorOut)}


def _field_errors(exc: DjangoValidationError) -> list[dict[str, Any]]:
    if hasattr(exc, "error_dict"):
        return [
            {
                "field": None if field == "__all__" else field,
                "code": error.code or "invalid",
                "message": " ".join(error.messages),
            }
            for field, errors in exc.error_dict.items()
            for error in errors
        ]
    return [
        {"field": None, "code": error.code or "invalid", "message": " ".join(error.messages)}
        for error in exc.error_list
    ]


def _input_errors(exc: NinjaValidationError) -> list[dict[str, Any]]:
    """Pydantic's errors on query and path parameters, named by the parameter."""
    errors = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("query", "path")]
        location = [part for part in location if part != "ninja_pagination"]
        errors.append(
            {
                "field": ".".join(location) or None,
                "code": str(error.get("type", "invalid")),
                "message": str(error.get("msg", "")),
            }
        )
    return errors


def install(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(NotFound)
    def not_found(request: HttpRequest, exc: NotFound) -> HttpResponse:
        # The same answer whether the row is missing or hidden: its existence is not revealed.
        return respond(request, 404, {"detail": _("Not found."), "errors": []})

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        # A row the user may see but not change (a row they may not see answers 404).
        return respond(request, 403, {"detail": _("You may not make this change."), "errors": []})

    @api.exception_handler(DjangoValidationError)
    def invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        errors = _field_errors(exc)
        detail = errors[0]["message"] if len(errors) == 1 else _("The input is not valid.")
        return respond(request, 422, {"detail": detail, "errors": errors})

    @api.exception_handler(NinjaValidationError)
    def invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return respond(
            request, 422, {"detail": _("The input is not valid."), "errors": _input_errors(exc)}
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:  # a body that cannot be read (not JSON, not a form)
            message = _("The request body cannot be read: send JSON or a multipart form.")
            error = {"field": "body", "code": "unreadable", "message": message}
            return respond(request, 422, {"detail": message, "errors": [error]})
        if exc.status_code == 403:  # the only one Ninja raises: a session write without CSRF
            message = _("The request lacks its CSRF token: reload the page and try again.")
            return respond(request, 403, {"detail": message, "errors": []})
        return respond(request, exc.status_code, {"detail": str(exc), "errors": []})

    @api.exception_handler(AuthenticationError)
    def unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = respond(
            request, 401, {"detail": _("Sign in or send an API token."), "errors": []}
        )
        response["WWW-Authenticate"] = 'Bearer realm="qinfo"'
        return response
