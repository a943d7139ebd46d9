"""The rules of the grade book (docs/definitions.md §8), as plain functions of plain values.

The weighted total of a course, the result it leads to (a grade by the bands of
``qinfo.assessment.grading``, or ร, มส, ผ, มผ), the make-up of ร and มส, and the class summary.
The thresholds are rows of ``GradingRule`` (editable), read once per computation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from qinfo.assessment.grading import grade_for_score
from qinfo.assessment.models import GRADES, GradingRule, SpecialMark

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Thresholds:
    final_min_attendance: Decimal = Decimal(80)
    makeup_min_attendance: Decimal = Decimal(60)
    activity_min_attendance: Decimal = Decimal(80)
    activity_pass_score: Decimal = Decimal(50)
    makeup_max_grade: Decimal = Decimal(1)


def load_thresholds() -> Thresholds:
    """The thresholds as the administrator left them (a missing row keeps its default)."""
    values = dict(GradingRule.objects.values_list("code", "value"))
    known = Thresholds.__dataclass_fields__
    return Thresholds(**{code: value for code, value in values.items() if code in known})


@dataclass(frozen=True)
class Part:
    """One item of a course for one student: its weight, maximum and the score (None: missing)."""

    weight: Decimal
    max_score: Decimal
    score: Decimal | None


def weighted_total(parts: Sequence[Part]) -> Decimal | None:
    """Σ score / max × weight, rounded half up to two decimals; None when a score is missing
    or there are no items."""
    scores = [p.score for p in parts]
    if not parts or None in scores:
        return None
    exact = sum(
        (Decimal(s) / p.max_score * p.weight for p, s in zip(parts, scores, strict=True) if s),
        Decimal(0),
    )
    return min(Decimal(100), exact.quantize(CENT, rounding=ROUND_HALF_UP))


def partial_total(parts: Sequence[Part]) -> Decimal:
    """The total of the scores entered so far (missing scores count 0): shown while entering."""
    exact = sum(
        (Decimal(p.score) / p.max_score * p.weight for p in parts if p.score is not None),
        Decimal(0),
    )
    return exact.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Outcome:
    score: Decimal | None
    grade: Decimal | None
    mark: str
    proposed: str = ""


def below(attendance: float | Decimal | None, threshold: Decimal) -> bool:
    """Attendance known and under the threshold (no marks at all: nothing is proposed)."""
    return attendance is not None and Decimal(str(attendance)) < threshold


def outcome(
    *,
    activity: bool,
    parts: Sequence[Part],
    attendance: float | Decimal | None,
    limits: Thresholds,
) -> Outcome:
    """The result a course's items and attendance lead to (§8)."""
    total = weighted_total(parts)
    missing = any(p.score is None for p in parts)
    if activity:
        passed = (
            not below(attendance, limits.activity_min_attendance)
            and not missing
            and (total is None or total >= limits.activity_pass_score)
        )
        return Outcome(total, None, SpecialMark.PASS if passed else SpecialMark.FAIL)
    proposed = SpecialMark.NOT_ELIGIBLE if below(attendance, limits.final_min_attendance) else ""
    if missing or total is None:
        return Outcome(None, None, SpecialMark.INCOMPLETE, proposed)
    return Outcome(total, grade_for_score(total), "", proposed)


def make_up_outcome(
    *, mark: str, score: Decimal, attendance: float | Decimal | None, limits: Thresholds
) -> Outcome | None:
    """What a make-up turns a mark into; None when the mark may not be made up (a มส whose
    attendance was under the make-up threshold: the course is repeated instead)."""
    if mark == SpecialMark.INCOMPLETE:
        return Outcome(score, grade_for_score(score), "")
    if mark == SpecialMark.NOT_ELIGIBLE:
        if below(attendance, limits.makeup_min_attendance):
            return None
        cap = limits.makeup_max_grade.quantize(Decimal("0.1"))
        return Outcome(score, min(grade_for_score(score), cap), "")
    if mark == SpecialMark.FAIL:
        passed = score >= limits.activity_pass_score
        return Outcome(score, None, SpecialMark.PASS if passed else SpecialMark.FAIL)
    return None


@dataclass(frozen=True)
class Summary:
    """A course's results: how many of each grade and mark; shares of graded results."""

    results: int
    graded: int
    by_grade: dict[Decimal, int]
    by_mark: dict[str, int]
    zero_share: float | None
    three_up_share: float | None


def summarise(rows: Iterable[tuple[Decimal | None, str]]) -> Summary:
    """From (grade, special mark) per result. Shares are of graded results (a grade 0–4);
    results with a special mark are counted apart and are in neither share's denominator."""
    grades: Counter[Decimal] = Counter()
    marks: Counter[str] = Counter()
    total = 0
    for grade, mark in rows:
        total += 1
        if grade is not None:
            grades[Decimal(grade)] += 1
        elif mark:
            marks[mark] += 1
    graded = sum(grades.values())
    zero = grades.get(Decimal(0), 0)
    three_up = sum(n for g, n in grades.items() if g >= 3)
    return Summary(
        results=total,
        graded=graded,
        by_grade={g: grades.get(g, 0) for g in GRADES},
        by_mark={m: marks.get(m, 0) for m in SpecialMark.values},
        zero_share=zero / graded if graded else None,
        three_up_share=three_up / graded if graded else None,
    )
