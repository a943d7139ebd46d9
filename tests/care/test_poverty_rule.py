"""The extremely-poor rule against a plain oracle written from docs/definitions.md §12."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qinfo.care import rules
from qinfo.care.models import HouseholdItemRule, PovertyThreshold

#: The hardship answers of §12, copied out by hand (not read from the code or the database).
ORACLE_HARDSHIPS = {
    "dependants": {"yes"},
    "tenure": {"with_others", "rented", "employer"},
    "housing": {"dilapidated"},
    "farm_land": {"up_to_one_rai", "no_own_land"},
    "water": {"well", "natural"},
    "electricity": {"shared", "none"},
    "vehicles": {"none"},
    "appliances": {"none"},
}
ALL_ANSWERS = {
    "dependants": ["yes", "no"],
    "tenure": ["own", "with_others", "rented", "employer"],
    "housing": ["good", "worn", "dilapidated"],
    "farm_land": ["not_farming", "over_one_rai", "up_to_one_rai", "no_own_land"],
    "water": ["bottled", "tap", "well", "natural"],
    "electricity": ["own_meter", "shared", "none"],
    "vehicles": ["car", "motorcycle", "none"],
    "appliances": ["several", "one", "none"],
}
RULE = rules.PovertyRule(
    Decimal("3000.00"),
    2,
    frozenset((item, code) for item, codes in ORACLE_HARDSHIPS.items() for code in codes),
)


def oracle(income_satang: int, members: int, answers: dict[str, str]) -> bool:
    """Poor when income per member, rounded half up to the satang, is at most 3,000 baht and at
    least two items are hardships."""
    per_member_satang = Fraction(income_satang, members)
    rounded = int(per_member_satang) + (
        1 if per_member_satang - int(per_member_satang) >= Fraction(1, 2) else 0
    )
    hardships = sum(1 for item, code in answers.items() if code in ORACLE_HARDSHIPS[item])
    return rounded <= 300_000 and hardships >= 2


answers_strategy = st.fixed_dictionaries(
    {item: st.sampled_from(codes) for item, codes in ALL_ANSWERS.items()}
)


@given(
    income_satang=st.one_of(
        st.integers(0, 10_000_000_00),
        # near the threshold for 1 to 12 members
        st.builds(lambda m, d: max(0, 300_000 * m + d), st.integers(1, 12), st.integers(-15, 15)),
    ),
    members=st.integers(1, 12),
    answers=answers_strategy,
)
def test_flag_matches_the_oracle(income_satang: int, members: int, answers: dict[str, str]) -> None:
    income = Decimal(income_satang) / 100
    outcome = rules.assess(RULE, income, members, answers)
    assert outcome.extremely_poor == oracle(income_satang, members, answers)
    assert outcome.hardship_items == sum(
        1 for item, code in answers.items() if code in ORACLE_HARDSHIPS[item]
    )


@pytest.mark.parametrize(
    ("income", "members", "hardships", "poor"),
    [
        ("12000.00", 4, 2, True),  # exactly 3,000 per member
        ("12000.01", 4, 2, True),  # 3,000.0025 rounds to 3,000.00
        ("12000.02", 4, 2, False),  # 3,000.005 rounds half up to 3,000.01
        ("12000.04", 4, 2, False),  # 3,000.01
        ("9000.00", 3, 1, False),  # one hardship is not enough
        ("9000.00", 3, 8, True),
        ("0.00", 1, 2, True),
        ("3000.01", 1, 8, False),
    ],
)
def test_edges(income: str, members: int, hardships: int, poor: bool) -> None:
    items = list(ALL_ANSWERS)
    answers = {
        item: sorted(ORACLE_HARDSHIPS[item])[0]
        if n < hardships
        else next(c for c in ALL_ANSWERS[item] if c not in ORACLE_HARDSHIPS[item])
        for n, item in enumerate(items)
    }
    satang = int(Decimal(income) * 100)
    outcome = rules.assess(RULE, Decimal(income), members, answers)
    assert outcome.hardship_items == hardships
    assert outcome.extremely_poor is poor is oracle(satang, members, answers)


def test_the_seeded_rule_is_the_documented_one(db: None) -> None:
    rule = rules.rule_on(dt.date(2026, 11, 20))
    assert rule == RULE
    assert {(r.item, r.code) for r in HouseholdItemRule.objects.all()} == {
        (item, code) for item, codes in ALL_ANSWERS.items() for code in codes
    }


def test_the_threshold_table_is_data(db: None) -> None:
    PovertyThreshold.objects.create(
        valid_from=dt.date(2026, 6, 1), max_income_per_member=Decimal("3500"), min_hardship_items=3
    )
    HouseholdItemRule.objects.filter(item="vehicles", code="motorcycle").update(hardship=True)
    before = rules.rule_on(dt.date(2026, 5, 31))
    after = rules.rule_on(dt.date(2026, 6, 1))
    assert before is not None and after is not None
    assert (before.max_income_per_member, before.min_hardship_items) == (Decimal("3000.00"), 2)
    assert (after.max_income_per_member, after.min_hardship_items) == (Decimal("3500"), 3)
    assert ("vehicles", "motorcycle") in after.hardships
    assert rules.rule_on(dt.date(1999, 12, 31)) is None
