"""Two small helpers every read endpoint uses.

``rows_of`` marks an operation in the OpenAPI document with the kind of row it answers, so that the
permission-matrix test finds every endpoint without being told about it. ``Shaped`` lets ninja's
pagination slice a policy-scoped queryset while each item comes out in the schema chosen for the
user (identified or de-identified), so the choice is made once per request, not per field.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from django.db.models import QuerySet
from ninja import Schema

RowKind = Literal["school", "classroom", "staff", "student"]


def rows_of(kind: RowKind, key: str = "id") -> dict[str, Any]:
    """The ``openapi_extra`` of an operation whose items are ``kind`` rows named by ``key``."""
    return {"x-qinfo-rows": {"kind": kind, "key": key}}


class Shaped:
    """A queryset whose slices are lists of ``schema`` instances (what the paginator needs)."""

    def __init__(self, queryset: QuerySet[Any], schema: type[Schema]) -> None:
        self.queryset = queryset
        self.schema = schema

    def all(self) -> Shaped:
        return self

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, window: slice) -> list[Schema]:
        return [self.schema.from_orm(row) for row in self.queryset[window]]

    def __iter__(self) -> Iterator[Schema]:
        return (self.schema.from_orm(row) for row in self.queryset)
