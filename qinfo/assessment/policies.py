"""Course results and the grade book follow the child: seen by whoever may see the child; written
by the course's teacher, the school's registrar or director (services._may_record)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from qinfo.assessment.models import (
    CourseResult,
    ItemScore,
    Rating,
    ResultRevision,
)
from qinfo.core.policy import Action, Policy
from qinfo.enrolment.policies import scope_by_student
from qinfo.organisations.scope import scope_for


class CourseResultPolicy(Policy[CourseResult]):
    model = CourseResult

    def rows(self, user: Any, action: Action = Action.VIEW) -> QuerySet[CourseResult]:
        if action is Action.VIEW:
            return scope_by_student(CourseResult.objects.all(), user, action, "student_id")
        scope = scope_for(user)
        if not scope.authenticated:
            return CourseResult.objects.none()
        if scope.is_admin:
            return CourseResult.objects.all()
        return CourseResult.objects.filter(
            Q(school_id__in=scope.writable_school_ids) | Q(course__teacher__user=user)
        )


class _ByStudent(Policy[Any]):
    """Rows about one child each, seen by whoever may see the child (changed through services)."""

    def rows(self, user: Any, action: Action = Action.VIEW) -> QuerySet[Any]:
        return scope_by_student(self.model.objects.all(), user, action, "student_id")


class ItemScorePolicy(_ByStudent):
    model = ItemScore


class RatingPolicy(_ByStudent):
    model = Rating


class ResultRevisionPolicy(_ByStudent):
    model = ResultRevision


course_result_policy = CourseResultPolicy()
item_score_policy = ItemScorePolicy()
rating_policy = RatingPolicy()
result_revision_policy = ResultRevisionPolicy()
