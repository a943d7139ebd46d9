"""Who may see which schools, classrooms and staff."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from qinfo.core.policy import Action, Policy
from qinfo.organisations.models import Classroom, School, Staff
from qinfo.organisations.scope import Scope, scope_for


def school_filter(scope: Scope, prefix: str = "") -> Q | None:
    """The schools a scope reaches, as a filter on ``<prefix>school`` (None: every school).

    Returns ``Q(pk__in=[])`` for a scope that reaches nothing.
    """
    if scope.is_admin:
        return None
    school_ids = scope.school_ids | scope.teacher_school_ids
    return Q(**{f"{prefix}school__network_id__in": scope.network_ids}) | Q(
        **{f"{prefix}school_id__in": school_ids}
    )


def _scoped(queryset: QuerySet[Any], scope: Scope, prefix: str = "") -> QuerySet[Any]:
    if not scope.authenticated:
        return queryset.none()
    condition = school_filter(scope, prefix)
    return queryset if condition is None else queryset.filter(condition)


class SchoolPolicy(Policy[School]):
    model = School

    def rows(self, user: Any, action: Action = Action.VIEW) -> QuerySet[School]:
        scope = scope_for(user)
        if action is Action.CHANGE:
            return School.objects.all() if scope.is_admin else School.objects.none()
        if not scope.authenticated:
            return School.objects.none()
        if scope.is_admin:
            return School.objects.all()
        return School.objects.filter(
            Q(network_id__in=scope.network_ids)
            | Q(pk__in=scope.school_ids | scope.teacher_school_ids)
        )


class ClassroomPolicy(Policy[Classroom]):
    model = Classroom

    def rows(self, user: Any, action: Action = Action.VIEW) -> QuerySet[Classroom]:
        scope = scope_for(user)
        if action is Action.CHANGE:
            if scope.is_admin:
                return Classroom.objects.all()
            return Classroom.objects.filter(school_id__in=scope.writable_school_ids)
        return _scoped(Classroom.objects.all(), scope)


class StaffPolicy(Policy[Staff]):
    """Staff of the schools a user reaches. Analysts get staff without names (the API's schema)."""

    model = Staff

    def rows(self, user: Any, action: Action = Action.VIEW) -> QuerySet[Staff]:
        scope = scope_for(user)
        if action is Action.CHANGE:
            if scope.is_admin:
                return Staff.objects.all()
            return Staff.objects.filter(school_id__in=scope.writable_school_ids)
        return _scoped(Staff.objects.all(), scope)


school_policy = SchoolPolicy()
classroom_policy = ClassroomPolicy()
staff_policy = StaffPolicy()
