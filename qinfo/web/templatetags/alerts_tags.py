"""The header's count of unread alert notifications."""

from __future__ import annotations

from typing import Any

from django import template

from qinfo.alerts.selectors import unread_count

register = template.Library()


@register.simple_tag
def alerts_unread(user: Any) -> int:
    """Unread inbox notifications about open alerts (0 for anonymous)."""
    return unread_count(user)
