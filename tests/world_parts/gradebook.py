"""Grade book rows for every child of the permission world: each course gets two items
(coursework 70, final 30), every result its item scores, and every enrolment a rating per trait."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from qinfo.assessment.models import (
    AssessmentItem,
    CourseResult,
    ItemKind,
    ItemScore,
    Rating,
    Trait,
)
from qinfo.enrolment.models import Enrolment

if TYPE_CHECKING:
    from tests.world import World


def extend(w: World) -> None:
    items: dict[int, tuple[AssessmentItem, AssessmentItem]] = {}
    for course in w.courses.values():
        coursework = AssessmentItem.objects.create(
            course=course,
            position=1,
            name="งานระหว่างภาค",
            kind=ItemKind.COURSEWORK,
            weight=Decimal(70),
            max_score=Decimal(70),
        )
        final = AssessmentItem.objects.create(
            course=course,
            position=2,
            name="สอบปลายภาค",
            kind=ItemKind.FINAL,
            weight=Decimal(30),
            max_score=Decimal(30),
        )
        items[course.pk] = (coursework, final)
    scores = []
    for result in CourseResult.objects.filter(course__in=list(w.courses.values())):
        coursework, final = items[result.course_id]
        # 50.75 + 21.75 = 72.50, the result's score.
        for item, value in ((coursework, "50.75"), (final, "21.75")):
            scores.append(
                ItemScore(
                    item=item,
                    student_id=result.student_id,
                    school_id=result.school_id,
                    score=Decimal(value),
                )
            )
    ItemScore.objects.bulk_create(scores)
    ratings = [
        Rating(
            student_id=enrolment.student_id,
            term=course.term,
            classroom_id=course.classroom_id,
            school_id=enrolment.school_id,
            trait=trait,
            level=2,
        )
        for enrolment in Enrolment.objects.all()
        for course in [w.courses[_key(w, enrolment.classroom_id)]]
        for trait in (Trait.RTW, Trait.HONEST)
    ]
    Rating.objects.bulk_create(ratings)


def _key(w: World, classroom_id: int) -> str:
    return next(key for key, room in w.classrooms.items() if room.pk == classroom_id)
