"""Policies: one object per sensitive model answers who may do what to which rows.

Pages, API and exports all ask the same policy, so they can never disagree. A policy answers:
- ``can(user, action)``: may this user do the action at all;
- ``rows(user, action)``: which rows (a queryset, never a list);
- ``get(user, pk, action)``: one row, or NotFound when it does not exist *or* the user may not see
  it (so that a row's existence is never revealed).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Generic, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models

from qinfo.core.errors import NotFound

M = TypeVar("M", bound=models.Model)


class Action(StrEnum):
    VIEW = "view"
    CHANGE = "change"


class Policy(Generic[M]):
    model: type[M]

    def rows(self, user: Any, action: Action = Action.VIEW) -> models.QuerySet[M]:
        raise NotImplementedError

    def can(self, user: Any, action: Action = Action.VIEW) -> bool:
        return bool(getattr(user, "is_authenticated", False)) and self.rows(user, action).exists()

    def can_row(self, user: Any, action: Action, obj: M) -> bool:
        return self.rows(user, action).filter(pk=obj.pk).exists()

    def get(self, user: Any, pk: object, action: Action = Action.VIEW) -> M:
        try:
            return self.rows(user, action).get(pk=pk)
        except (ObjectDoesNotExist, ValueError, TypeError) as exc:
            raise NotFound(f"{self.model._meta.label} {pk}") from exc
