"""The editable tables of the poverty flag (docs/definitions.md §12)."""

from django.contrib import admin

from qinfo.care.models import HouseholdItemRule, PovertyThreshold
from qinfo.core.admin import AuditedAdmin


@admin.register(PovertyThreshold)
class PovertyThresholdAdmin(AuditedAdmin):
    list_display = ("valid_from", "max_income_per_member", "min_hardship_items", "source")


@admin.register(HouseholdItemRule)
class HouseholdItemRuleAdmin(AuditedAdmin):
    list_display = [field.name for field in HouseholdItemRule._meta.fields if field.name != "id"]
