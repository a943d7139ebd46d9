"""The active rules, read from the database as the pure engine's ``RuleSpec`` (§16)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from qinfo.core.errors import DomainError
from qinfo.risk.models import RiskRule, RuleSet
from qinfo.riskmodel.features import BY_NAME
from qinfo.riskmodel.rules import RuleSpec

#: How an operator reads in a sentence ("attendance rate this term < 80").
OPERATOR_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}


def spec_of(rule: RiskRule) -> RuleSpec:
    return RuleSpec(
        code=rule.code,
        label_th=rule.label_th,
        label_en=rule.label_en,
        indicator=rule.indicator,
        operator=rule.operator,
        threshold=float(rule.threshold),
        severity=rule.severity,
        dimension=rule.dimension,
        hard=rule.hard,
    )


def active_ruleset() -> RuleSet:
    ruleset = RuleSet.objects.filter(active=True).first()
    if ruleset is None:
        raise DomainError(
            _("There is no active set of early-warning rules; an officer must save one."),
            code="no_active_rules",
        )
    return ruleset


def active_rules() -> tuple[RuleSet, list[RuleSpec]]:
    """The active rule set and its enabled rules, in their stored order."""
    ruleset = active_ruleset()
    return ruleset, [spec_of(r) for r in ruleset.rules.filter(enabled=True).order_by("pk")]


def number(value: Any) -> str:
    """A threshold or value as people write it: 3, 80, 0.5 (no trailing zeros)."""
    if value is None:
        return "–"
    text = f"{float(value):.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def is_thai() -> bool:
    return (get_language() or "th").startswith("th")


def condition_text(indicator: str, operator: str, threshold: Any) -> str:
    """The rule's condition in words, in the current language: "ขาดเรียนติดต่อกัน (วัน) ≥ 3"."""
    known = BY_NAME.get(indicator)
    name = known.label("th" if is_thai() else "en") if known else indicator
    return f"{name} {OPERATOR_SIGNS.get(operator, operator)} {number(threshold)}"


def label_of(item: dict[str, Any] | RiskRule | RuleSpec) -> str:
    """A rule's (or a fired rule's) label in the current language."""
    get = item.get if isinstance(item, dict) else lambda key, default="": getattr(item, key)
    return str(get("label_th", "") if is_thai() else get("label_en", ""))
