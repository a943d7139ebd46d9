"""The editable tables of the wellbeing rules: nutrition-label cut-offs and SDQ bands."""

from django.contrib import admin

from qinfo.core.admin import AuditedAdmin
from qinfo.wellbeing.models import NutritionBand, SdqBand


@admin.register(NutritionBand)
class NutritionBandAdmin(AuditedAdmin):
    list_display = (
        "measure",
        "label",
        "z_low",
        "low_inclusive",
        "z_high",
        "high_inclusive",
        "counts_as_good",
        "order",
    )
    list_editable = ("z_low", "low_inclusive", "z_high", "high_inclusive", "counts_as_good")
    list_filter = ("measure",)


@admin.register(SdqBand)
class SdqBandAdmin(AuditedAdmin):
    list_display = ("form", "scale", "band", "low", "high")
    list_editable = ("low", "high")
    list_filter = ("form", "scale")
