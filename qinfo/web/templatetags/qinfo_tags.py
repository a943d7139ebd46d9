"""Template helpers: Buddhist Era dates, choice labels, the signed-in user's roles."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext as _

from qinfo.accounts.models import Membership, Role
from qinfo.core.dates import be_year as _be_year
from qinfo.core.dates import format_be_date
from qinfo.organisations.scope import scope_for

register = template.Library()


@register.filter
def be_date(value: dt.date | dt.datetime | None) -> str:
    """'1 มิ.ย. 2568' in Thai, '1 Jun 2568 BE' in English; every date on a page goes through it."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    return format_be_date(value)


@register.filter
def be_year(value: dt.date | int | None) -> str:
    if value is None or value == "":
        return ""
    return str(_be_year(value))


@register.filter
def grade(value: Decimal | None) -> str:
    """4.0 → '4', 3.5 → '3.5'."""
    if value is None:
        return ""
    return f"{value.normalize():f}"


@register.filter
def percent(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.1f}%"


@register.simple_tag
def user_roles(user: Any) -> str:
    """The user's roles, translated, joined by commas ('' for anonymous)."""
    if not getattr(user, "is_authenticated", False):
        return ""
    roles = sorted(
        set(Membership.objects.filter(user=user, active=True).values_list("role", flat=True))
    )
    labels = [str(Role(r).label) for r in roles if r in Role.values]
    if not labels and user.is_superuser:
        labels = [str(Role.ADMIN.label)]
    return ", ".join(labels) or _("No role")


@register.filter
def reviews_matches(user: Any) -> bool:
    """Whether the user decides on possible duplicates (officers and administrators)."""
    scope = scope_for(user)
    return scope.is_admin or bool(scope.officer_network_ids)
