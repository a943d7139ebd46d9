"""The editable table of the grade book's thresholds (docs/definitions.md §8)."""

from django.contrib import admin

from qinfo.assessment.models import GradingRule
from qinfo.core.admin import AuditedAdmin


@admin.register(GradingRule)
class GradingRuleAdmin(AuditedAdmin):
    list_display = ("code", "value", "description")
    list_editable = ("value",)
