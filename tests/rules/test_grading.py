"""Grade bands of the Basic Education Core Curriculum (DOMAIN.md §4), edges included."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qinfo.assessment.grading import grade_for_score

# The published table, read row by row: (lowest, highest, grade).
TABLE = [
    (80, 100, "4"),
    (75, 79, "3.5"),
    (70, 74, "3"),
    (65, 69, "2.5"),
    (60, 64, "2"),
    (55, 59, "1.5"),
    (50, 54, "1"),
    (0, 49, "0"),
]


def oracle(score: Decimal) -> Decimal:
    whole = int(score)  # 79.99 lies in the 75-79 row: a band starts at its whole number
    for lowest, highest, grade in TABLE:
        if lowest <= whole <= highest:
            return Decimal(grade)
    raise AssertionError(score)


@pytest.mark.parametrize(
    ("score", "grade"),
    [(80, "4"), (79, "3.5"), (75, "3.5"), (74, "3"), (50, "1"), (49, "0"), (0, "0"), (100, "4")],
)
def test_edges(score: int, grade: str) -> None:
    assert grade_for_score(score) == Decimal(grade)


@given(st.decimals(min_value=0, max_value=100, places=2))
def test_every_score_matches_the_table(score: Decimal) -> None:
    assert grade_for_score(score) == oracle(score)


@pytest.mark.parametrize("score", [-1, Decimal("100.01"), 1000])
def test_scores_outside_0_to_100_are_refused(score: Decimal) -> None:
    with pytest.raises(ValueError):
        grade_for_score(score)
