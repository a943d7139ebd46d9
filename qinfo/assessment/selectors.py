"""Reads of course results and the grade book, scoped by the acting user's policies."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from qinfo.assessment import rules
from qinfo.assessment.models import (
    AssessmentItem,
    CourseResult,
    ItemScore,
    Rating,
    ResultRevision,
)
from qinfo.assessment.policies import (
    course_result_policy,
    item_score_policy,
    rating_policy,
    result_revision_policy,
)
from qinfo.assessment.services import course_students, is_activity
from qinfo.attendance.selectors import course_attendance_rates
from qinfo.core.queries import where_given
from qinfo.enrolment.policies import student_policy
from qinfo.organisations.models import Course
from qinfo.people.models import Student


def course_result_list(
    *,
    user: Any,
    student_id: int | None = None,
    course_id: int | None = None,
    term_id: int | None = None,
    school_id: int | None = None,
) -> QuerySet[CourseResult]:
    rows = where_given(
        course_result_policy.rows(user),
        student_id=student_id,
        course_id=course_id,
        term_id=term_id,
        school_id=school_id,
    )
    return rows.select_related("course__subject", "term__academic_year").order_by(
        "term_id", "course_id", "student_id"
    )


def item_score_list(
    *,
    user: Any,
    student_id: int | None = None,
    course_id: int | None = None,
    item_id: int | None = None,
    school_id: int | None = None,
) -> QuerySet[ItemScore]:
    rows = where_given(
        item_score_policy.rows(user),
        student_id=student_id,
        item__course_id=course_id,
        item_id=item_id,
        school_id=school_id,
    )
    return rows.select_related("item").order_by("item_id", "student_id")


def rating_list(
    *,
    user: Any,
    student_id: int | None = None,
    term_id: int | None = None,
    classroom_id: int | None = None,
    trait: str | None = None,
) -> QuerySet[Rating]:
    rows = where_given(
        rating_policy.rows(user),
        student_id=student_id,
        term_id=term_id,
        classroom_id=classroom_id,
        trait=trait,
    )
    return rows.order_by("term_id", "student_id", "trait")


def result_revision_list(
    *, user: Any, student_id: int | None = None, course_id: int | None = None
) -> QuerySet[ResultRevision]:
    rows = where_given(
        result_revision_policy.rows(user), student_id=student_id, result__course_id=course_id
    )
    return rows.select_related("result").order_by("result_id", "changed_at", "id")


@dataclass
class BookRow:
    student: Student
    scores: list[Decimal | None]
    total: Decimal | None  # the weighted total when every score is in
    so_far: Decimal  # the total of the scores entered so far
    attendance: float | None
    in_class: bool  # still in the class at the term's end
    result: CourseResult | None
    revisions: list[ResultRevision] = field(default_factory=list)


@dataclass
class GradeBook:
    course: Course
    activity: bool
    items: list[AssessmentItem]
    rows: list[BookRow]
    summary: rules.Summary
    hidden: int  # students of the course the user may not see (not shown)


def grade_book(*, user: Any, course: Course) -> GradeBook:
    """A course's grid: the students the user may see × the items, totals and results."""
    students = course_students(course)
    visible = {
        s.pk: s for s in student_policy.rows(user).filter(pk__in=list(students)).order_by("pk")
    }
    items = list(AssessmentItem.objects.filter(course=course))
    scores = {
        (r.student_id, r.item_id): r.score
        for r in ItemScore.objects.filter(item__course=course, student_id__in=list(visible))
    }
    results = {
        r.student_id: r
        for r in CourseResult.objects.filter(course=course, student_id__in=list(visible))
    }
    revisions: dict[int, list[ResultRevision]] = {}
    for revision in ResultRevision.objects.filter(result__course=course).order_by(
        "changed_at", "id"
    ):
        if revision.student_id in visible:
            revisions.setdefault(revision.student_id, []).append(revision)
    attendance = course_attendance_rates(course, list(visible))
    rows = []
    for pk, student in visible.items():
        parts = [rules.Part(i.weight, i.max_score, scores.get((pk, i.pk))) for i in items]
        rows.append(
            BookRow(
                student=student,
                scores=[p.score for p in parts],
                total=rules.weighted_total(parts),
                so_far=rules.partial_total(parts),
                attendance=attendance.get(pk),
                in_class=students[pk],
                result=results.get(pk),
                revisions=revisions.get(pk, []),
            )
        )
    summary = rules.summarise((r.grade, r.special_mark) for r in results.values())
    return GradeBook(
        course, is_activity(course), items, rows, summary, hidden=len(students) - len(visible)
    )
