"""Small helpers every read endpoint uses.

``RowId`` is the type of every parameter that names a row by id, ``IsoDate`` of every date
parameter and ``SearchText`` of every text to search for: each as strict as the OpenAPI document
says, so that what the databases cannot take is refused (422) before any query. ``Paged`` is
ninja's limit/offset pagination with a ceiling on the offset as well as the limit. ``rows_of``
marks an operation in the OpenAPI document with the kind of row it answers, so that the
permission-matrix test finds every endpoint without being told about it. ``Shaped`` lets ninja's
pagination slice a policy-scoped queryset while each item comes out in the schema chosen for the
user (identified or de-identified), so the choice is made once per request, not per field.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from django.conf import settings
from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

#: The largest integer the databases take as a parameter (a signed 64-bit integer in SQLite and
#: PostgreSQL): ids and offsets above it are refused (422) instead of failing in the database (500).
MAX_INTEGER = 2**63 - 1

#: An id (every table has a BigAutoField key): positive and at most ``MAX_INTEGER``.
RowId = Annotated[int, Field(ge=1, le=MAX_INTEGER)]

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date_only(value: Any) -> Any:
    if isinstance(value, dt.date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return value
    raise PydanticCustomError("date_parsing", "Input should be a date in the format YYYY-MM-DD")


#: A date: YYYY-MM-DD only, as ``format: date`` says in the OpenAPI document (pydantic alone also
#: takes a number of seconds since 1970, "0.0", or a date with a time).
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date_only)]

#: Text to search for: anything but NUL, which PostgreSQL text cannot hold (no row could match).
SearchText = Annotated[str, Field(pattern=r"^[^\x00]*$")]


class Paged(LimitOffsetPagination):
    """Limit and offset, both bounded in the OpenAPI document and checked before any query."""

    class Input(Schema):
        limit: int = Field(
            settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT
        )
        offset: int = Field(0, ge=0, le=MAX_INTEGER)


#: "reference": data about no school, classroom, staff member or child (national means, …) that
#: every signed-in user reads whole.
RowKind = Literal["school", "classroom", "staff", "student", "reference"]


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
