"""`{% figures_as_of %}`: when the dashboards' figures were taken (docs/definitions.md §20)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django import template
from django.utils.translation import gettext as _

from qinfo.core.dates import format_be_date
from qinfo.dashboards.values import as_of

register = template.Library()
BANGKOK = ZoneInfo("Asia/Bangkok")


@register.simple_tag
def figures_as_of() -> str:
    taken = as_of()
    if taken is None:
        return _("Figures computed from the database as it is now.")
    local = taken.astimezone(BANGKOK)
    return _("Figures as of %(day)s %(time)s (refreshed every night).") % {
        "day": format_be_date(local.date()),
        "time": local.strftime("%H:%M"),
    }
