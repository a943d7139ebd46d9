"""The indicators a KPI may follow, and typed values in and out of their units."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from qinfo.blueprint.rules import AT_RISK, NO_DATA, OFF_TRACK, ON_TRACK
from qinfo.indicators.all import INDICATORS

#: The largest value a KPI may hold in any unit but a rate (a count of children, a score).
VALUE_MAX = Decimal("1000000")
HUNDRED = Decimal(100)
#: Each status in words: a badge is readable without its colour.
STATUS_WORDS = {
    ON_TRACK: _("On track"),
    AT_RISK: _("At risk"),
    OFF_TRACK: _("Off track"),
    NO_DATA: _("No data"),
}


def indicators() -> Mapping[str, Any]:
    """``qinfo.indicators.registry.INDICATORS`` with every indicator module imported."""
    return INDICATORS


def indicator_label(code: str) -> str:
    found = indicators().get(code)
    if found is None:
        return code
    thai = (get_language() or "th").startswith("th")
    return str(found.label_th if thai else found.label_en)


def parse_number(typed: Any) -> Decimal | None:
    """A number typed by a person ("95.5", "1,200"), or None when it is not one."""
    if isinstance(typed, Decimal):
        number = typed
    else:
        try:
            number = Decimal(str(typed).strip().replace(",", ""))
        except (InvalidOperation, ValueError):
            return None
    return number if number.is_finite() else None


def stored(typed: Decimal, unit: str) -> Decimal:
    """A value as typed (a rate in percent) → as stored (a rate as a fraction)."""
    return typed / HUNDRED if unit == "rate" else typed


def shown(value: float | Decimal | None, unit: str) -> float | None:
    """A stored value → as shown (a rate in percent)."""
    if value is None:
        return None
    return float(value) * 100 if unit == "rate" else float(value)


def display(value: float | Decimal | None, unit: str) -> str:
    """A stored value in words for pages and the review pack: "95.1 %", "23.4", "—"."""
    number = shown(value, unit)
    if number is None or number != number:
        return "—"
    if unit == "rate":
        return f"{number:.1f} %"
    if unit == "count":
        return f"{number:,.0f}"
    return f"{number:,.2f}"
