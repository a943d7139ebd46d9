"""Reads of course results, scoped by the acting user's policy."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from qinfo.assessment.models import CourseResult
from qinfo.assessment.policies import course_result_policy
from qinfo.core.queries import where_given


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
