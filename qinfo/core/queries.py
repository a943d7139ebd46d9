"""Small query helpers shared by selectors."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


def where_given(rows: QuerySet[M], **lookups: Any) -> QuerySet[M]:
    """Filters by the lookups whose value was given (not None): the optional filters of a list."""
    given = {lookup: value for lookup, value in lookups.items() if value is not None}
    return rows.filter(**given) if given else rows
