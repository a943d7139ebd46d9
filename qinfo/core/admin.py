"""The Django admin for reference tables (bands, thresholds, cut-offs) that an administrator edits.

Every save goes through the same helpers as the services (validated, then saved with its audit
event keeping the previous values), and nothing is deleted: a rule that stops applying is edited
or superseded, so the record of which rule judged a child stays whole.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from qinfo.core.services import field_values, save_changes, save_new


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        if change:
            before = field_values(type(obj)._default_manager.get(pk=obj.pk))
            save_changes(obj, actor=request.user, before=before)
        else:
            save_new(obj, actor=request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
