"""The reasons of an alert or a score in words: each fired rule as its indicator with the value
(e.g. "ขาดเรียนติดต่อกัน 3 วัน"), and the rule that fired (docs/definitions.md §18).

A fired rule is stored as ``qinfo.riskmodel.rules.RuleSpec.as_fired`` writes it (code, Thai and
English labels, indicator, value, severity, dimension, hard). The words come from the one list of
indicators (``qinfo.riskmodel.features``), so nothing here repeats a label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language

from qinfo.riskmodel.features import BY_NAME

#: "ขาดเรียนติดต่อกัน (วัน)": a label that ends with its unit in brackets.
_UNIT = re.compile(r"^(?P<text>.+?)\s*\((?P<unit>[^()]{1,12})\)$")


@dataclass(frozen=True)
class Reason:
    text: str  # the indicator with its value, in words
    rule: str  # the rule that fired (its label)
    dimension: str
    severity: str
    hard: bool


def _number(value: float) -> str:
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:.1f}"


def _language(language: str | None) -> str:
    return "en" if (language or get_language() or "th").startswith("en") else "th"


def value_in_words(indicator: str, value: Any, language: str | None = None) -> str:
    """One indicator and its value, e.g. "ขาดเรียนติดต่อกัน 3 วัน" or "Attendance rate this
    term: 72.5%"."""
    lang = _language(language)
    known = BY_NAME.get(indicator)
    if known is None:
        return _number(value) if isinstance(value, int | float) else str(value)
    label = known.label(lang)
    if value is None or (isinstance(value, float) and value != value):
        return label
    if known.kind == "flag":
        return label
    if known.kind == "rate":
        return f"{label} {float(value):.1f}%" if lang == "th" else f"{label}: {float(value):.1f}%"
    unit = _UNIT.match(label)
    if unit and known.kind == "count" and lang == "th":
        return f"{unit['text']} {_number(value)} {unit['unit']}"
    return f"{label}: {_number(value)}"


def _text(item: dict[str, Any], lang: str) -> str:
    """The indicator with its value; a fired item that is not an indicator (the learned model's
    probability) says its own label with the value."""
    indicator = str(item.get("indicator", ""))
    if indicator in BY_NAME:
        return value_in_words(indicator, item.get("value"), lang)
    label = str(item.get("label_en" if lang == "en" else "label_th", indicator))
    value = item.get("value")
    if indicator == "probability" and isinstance(value, int | float):
        return f"{label} ({float(value) * 100:.0f}%)"
    return f"{label} ({value})" if value is not None else label


def reasons(fired: list[dict[str, Any]], language: str | None = None) -> list[Reason]:
    """The fired rules in words, problems first, then in the order they fired."""
    lang = _language(language)
    found = [
        Reason(
            text=_text(item, lang),
            rule=str(item.get("label_en" if lang == "en" else "label_th", item.get("code", ""))),
            dimension=str(item.get("dimension", "")),
            severity=str(item.get("severity", "")),
            hard=bool(item.get("hard", False)),
        )
        for item in fired
    ]
    return sorted(found, key=lambda r: r.severity != "problem")


def reasons_line(fired: list[dict[str, Any]], language: str | None = None) -> str:
    """All the reasons on one line (lists, messages)."""
    return "; ".join(r.text for r in reasons(fired, language))
