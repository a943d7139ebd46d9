"""Grades of the Basic Education Core Curriculum 2551 from a percentage score (DOMAIN.md §4)."""

from __future__ import annotations

from decimal import Decimal

#: (lowest score for the grade, grade), highest first.
GRADE_BANDS: tuple[tuple[int, Decimal], ...] = (
    (80, Decimal("4")),
    (75, Decimal("3.5")),
    (70, Decimal("3")),
    (65, Decimal("2.5")),
    (60, Decimal("2")),
    (55, Decimal("1.5")),
    (50, Decimal("1")),
    (0, Decimal("0")),
)


def grade_for_score(score: Decimal | float | int) -> Decimal:
    """The grade for a score from 0 to 100. Scores are compared as given (74.9 is a 3, not 3.5)."""
    value = Decimal(str(score))
    if not Decimal(0) <= value <= Decimal(100):
        raise ValueError("score must be between 0 and 100")
    for lowest, grade in GRADE_BANDS:
        if value >= lowest:
            return grade
    raise AssertionError("unreachable: the last band starts at 0")
