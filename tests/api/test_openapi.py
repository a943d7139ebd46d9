"""The OpenAPI document: it loads, lists the endpoints of issue 2, and declares every row kind."""

from __future__ import annotations

from django.test import Client

ENDPOINTS = {
    "/api/v1/schools",
    "/api/v1/classrooms",
    "/api/v1/students",
    "/api/v1/students/{id}",
    "/api/v1/enrolments",
    "/api/v1/staff",
    "/api/v1/attendance",
    "/api/v1/results",
}


def _document() -> dict:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_the_document_lists_every_endpoint() -> None:
    document = _document()
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) >= ENDPOINTS


def test_every_operation_declares_its_rows_and_needs_authentication() -> None:
    document = _document()
    kinds = {"school", "classroom", "staff", "student", "reference"}
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            assert operation["security"], path
            if method == "get":
                assert operation["x-qinfo-rows"]["kind"] in kinds, path
            else:  # a write may be refused (403) or name a row the caller cannot see (404)
                assert {"401", "403", "404", "422"} <= set(operation["responses"]), (method, path)
    schemes = document["components"]["securitySchemes"]
    assert {scheme["type"] for scheme in schemes.values()} == {"http", "apiKey"}


def test_lists_document_limit_offset_and_their_filters() -> None:
    students = _document()["paths"]["/api/v1/students"]["get"]
    names = {parameter["name"] for parameter in students["parameters"]}
    assert {"limit", "offset", "school", "classroom", "academic_year", "status", "q"} <= names


def test_analysts_items_are_documented_beside_the_full_ones() -> None:
    schemas = _document()["components"]["schemas"]
    deidentified = set(schemas["StudentDeidentifiedOut"]["properties"])
    assert "birth_year" in deidentified
    assert not deidentified & {"first_name_th", "identifier", "address", "photo", "birth_date"}
