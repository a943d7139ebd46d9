"""Reads of health measurements and SDQ screenings, always scoped by the acting user."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from qinfo.core.queries import where_given
from qinfo.wellbeing.models import HealthMeasurement, NutritionLabel, SdqScreening
from qinfo.wellbeing.policies import health_policy, sdq_policy


def health_list(
    *,
    user: Any,
    student_id: int | None = None,
    classroom_id: int | None = None,
    school_id: int | None = None,
    term_id: int | None = None,
) -> QuerySet[HealthMeasurement]:
    rows = where_given(
        health_policy.rows(user),
        student_id=student_id,
        classroom_id=classroom_id,
        school_id=school_id,
        term_id=term_id,
    )
    return rows.select_related("term", "term__academic_year").order_by("student_id", "date", "pk")


def sdq_list(
    *,
    user: Any,
    student_id: int | None = None,
    school_id: int | None = None,
    form: str | None = None,
) -> QuerySet[SdqScreening]:
    rows = where_given(sdq_policy.rows(user), student_id=student_id, school_id=school_id, form=form)
    return rows.order_by("student_id", "date", "pk")


def health_for_student(user: Any, student_id: int) -> QuerySet[HealthMeasurement]:
    """One child's measurements the user may see, oldest first, with BMI, z-scores and labels
    (``get_wfh_label_display()``, ``get_hfa_label_display()``); the term and its year are
    joined."""
    return health_list(user=user, student_id=student_id)


def sdq_for_student(user: Any, student_id: int) -> QuerySet[SdqScreening]:
    """One child's SDQ screenings the user may see, oldest first, with scores and bands."""
    return sdq_list(user=user, student_id=student_id)


@dataclass(frozen=True)
class LabelCount:
    code: str
    name: str
    count: int


@dataclass(frozen=True)
class ClassSummary:
    measured: int
    weight_for_height: list[LabelCount]
    height_for_age: list[LabelCount]
    tall_and_proportionate: int


_WFH = ("thin", "rather_thin", "proportionate", "plump", "overweight", "obese")
_HFA = ("short", "rather_short", "normal_height", "rather_tall", "tall")


def summarise(rows: list[HealthMeasurement]) -> ClassSummary:
    """Counts of each label among measurements (a class's, for one term)."""
    wfh = Counter(r.wfh_label for r in rows)
    hfa = Counter(r.hfa_label for r in rows)

    def counts(codes: tuple[str, ...], counter: Counter[str]) -> list[LabelCount]:
        return [LabelCount(c, str(NutritionLabel(c).label), counter.get(c, 0)) for c in codes]

    return ClassSummary(
        measured=len(rows),
        weight_for_height=counts(_WFH, wfh),
        height_for_age=counts(_HFA, hfa),
        tall_and_proportionate=sum(1 for r in rows if r.tall_and_proportionate),
    )
