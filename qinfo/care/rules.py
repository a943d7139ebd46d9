"""The extremely-poor rule of the household screening (docs/definitions.md §12).

A child is flagged extremely poor when the household's income per member (total monthly income
divided by the number of members, rounded to the satang) is at most the threshold's
``max_income_per_member`` *and* at least ``min_hardship_items`` of the 8 household items have an
answer that the ``HouseholdItemRule`` table marks as a hardship. Both come from the database
(the threshold row in force on the screening date), so the rule is edited without code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from qinfo.care.models import HouseholdItem, HouseholdItemRule, PovertyThreshold

CENT = Decimal("0.01")
#: The 8 items, in the form's order (computed once: the demo assesses tens of thousands of forms).
ITEMS: tuple[str, ...] = tuple(HouseholdItem.values)


@dataclass(frozen=True)
class PovertyRule:
    max_income_per_member: Decimal
    min_hardship_items: int
    #: (item, answer code) pairs that count as a hardship.
    hardships: frozenset[tuple[str, str]]


@dataclass(frozen=True)
class Assessment:
    income_per_member: Decimal
    hardship_items: int
    extremely_poor: bool


def income_per_member(monthly_income: Decimal, members: int) -> Decimal:
    return (Decimal(monthly_income) / members).quantize(CENT, rounding=ROUND_HALF_UP)


def assess(
    rule: PovertyRule, monthly_income: Decimal, members: int, answers: Mapping[str, str]
) -> Assessment:
    """``answers``: the answer code of each of the 8 items (HouseholdItem values)."""
    per_member = income_per_member(monthly_income, members)
    count = sum(1 for item in ITEMS if (item, answers[item]) in rule.hardships)
    poor = per_member <= rule.max_income_per_member and count >= rule.min_hardship_items
    return Assessment(per_member, count, poor)


def rule_on(day: dt.date) -> PovertyRule | None:
    """The rule in force on a date: the latest threshold row from before it, and the item rows."""
    threshold = PovertyThreshold.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    if threshold is None:
        return None
    hardships = frozenset(
        HouseholdItemRule.objects.filter(hardship=True).values_list("item", "code")
    )
    return PovertyRule(threshold.max_income_per_member, threshold.min_hardship_items, hardships)
