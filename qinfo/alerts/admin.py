"""Where each person gets alerts besides the inbox: an administrator records a user's LINE user ID
and whether they want e-mail (docs/definitions.md §18); every change is audited."""

from django.contrib import admin

from qinfo.alerts.models import ContactPoint
from qinfo.core.admin import AuditedAdmin


@admin.register(ContactPoint)
class ContactPointAdmin(AuditedAdmin):
    list_display = ("user", "email_enabled", "line_user_id", "updated_at")
    search_fields = ("user__username", "line_user_id")
    raw_id_fields = ("user",)
