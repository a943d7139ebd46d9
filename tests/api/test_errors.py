"""Errors have one shape: {"detail": message, "errors": [{"field", "code", "message"}]}."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory

from qinfo.api.main import api
from qinfo.core.errors import DomainError
from tests.world import World


def test_a_hidden_row_and_a_missing_row_get_the_same_404(
    world: World, api_client_for: Callable[[str], Client]
) -> None:
    client = api_client_for("teacher_b")
    hidden = client.get(f"/api/v1/students/{world.students['a1_thipwan'].pk}")
    missing = client.get("/api/v1/students/999999")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert hidden.json()["detail"] and hidden.json()["errors"] == []
    assert hidden["Content-Type"].startswith("application/json")


def test_a_path_that_is_not_a_number_is_refused_with_422(
    world: World, api_client_for: Callable[[str], Client]
) -> None:
    response = api_client_for("officer").get("/api/v1/students/abc")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "id"


def _answer(exc: Exception) -> tuple[int, dict]:
    request = RequestFactory().get("/api/v1/students")
    response = api.on_exception(request, exc)
    return response.status_code, json.loads(response.content)


def test_a_domain_error_is_a_422_naming_the_field_and_code() -> None:
    status, body = _answer(
        DomainError({"identifier": [DomainError("bad check digit", code="identifier_checksum")]})
    )
    assert status == 422
    assert body == {
        "detail": "bad check digit",
        "errors": [
            {"field": "identifier", "code": "identifier_checksum", "message": "bad check digit"}
        ],
    }


def test_a_validation_error_for_the_whole_request_names_no_field() -> None:
    status, body = _answer(ValidationError("end before start", code="dates_ordered"))
    assert status == 422
    assert body["errors"] == [
        {"field": None, "code": "dates_ordered", "message": "end before start"}
    ]
    status, body = _answer(
        ValidationError({"a": ["first"], "b": [ValidationError("second", code="x")]})
    )
    assert status == 422 and len(body["errors"]) == 2 and body["detail"]
