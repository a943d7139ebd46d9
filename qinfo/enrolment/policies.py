"""Who may see which children.

A child's visibility is decided by where the child is enrolled, so the student policy lives with
enrolments. The rule (docs/definitions.md, "Access"): a user sees a child when the child has an
enrolment in a classroom the user teaches in an academic year not yet ended (teacher, homeroom
teacher), in any year in a school
the user directs or registers for (director, registrar), or in a school of a network the user
serves (officer, analyst). Seeing a child means seeing the child's whole record across years and
schools; analysts see it de-identified.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from qinfo.core.policy import Action, Policy
from qinfo.enrolment.models import Enrolment, EnrolmentStatus, StudentMatch
from qinfo.organisations.scope import Scope, scope_for
from qinfo.people.models import Student


def _visible_enrolments(scope: Scope) -> QuerySet[Enrolment] | None:
    """The enrolments whose children the scope may see (None: every child)."""
    if scope.is_admin:
        return None
    condition = (
        Q(school__network_id__in=scope.network_ids)
        | Q(school_id__in=scope.school_ids)
        | Q(classroom_id__in=scope.classroom_ids)
    )
    return Enrolment.objects.filter(condition)


def _writable_enrolments(scope: Scope) -> QuerySet[Enrolment] | None:
    if scope.is_admin:
        return None
    return Enrolment.objects.filter(
        school_id__in=scope.writable_school_ids, status=EnrolmentStatus.ACTIVE
    )


_about_one_child: ContextVar[bool] = ContextVar("qinfo_about_one_child", default=False)


@contextmanager
def reads_about_one_child() -> Iterator[None]:
    """Marks the reads inside as each about one child (a child's page, its PDF).

    They answer the same rows; only the SQL differs. Normally a row is kept when its child is in
    the set of all the children the user may see (``IN``), which suits lists: SQLite builds that
    set once per query. For a handful of rows about one child, building the set (the network's
    every enrolment) costs ~15 ms a query on SQLite at city scale, so here each row's child is
    looked up instead (``EXISTS``, an index probe). PostgreSQL plans both forms alike.
    """
    token = _about_one_child.set(True)
    try:
        yield
    finally:
        _about_one_child.reset(token)


def scope_by_student(
    queryset: QuerySet[Any], user: Any, action: Action, field: str
) -> QuerySet[Any]:
    """Filters any queryset of rows about a child to the children the user may see or change."""
    scope = scope_for(user)
    if not scope.authenticated:
        return queryset.none()
    enrolments = (
        _visible_enrolments(scope) if action is Action.VIEW else _writable_enrolments(scope)
    )
    if enrolments is None:
        return queryset
    if _about_one_child.get():
        return queryset.filter(Exists(enrolments.filter(student_id=OuterRef(field))))
    return queryset.filter(**{f"{field}__in": enrolments.values("student_id")})


class StudentPolicy(Policy[Student]):
    model = Student

    def rows(self, user: Any, action: Action = Action.VIEW) -> QuerySet[Student]:
        # A record merged into another is an empty shell: only the kept record is shown.
        live = Student.objects.filter(merged_into__isnull=True)
        return scope_by_student(live, user, action, "pk")

    def deidentified(self, user: Any) -> bool:
        return scope_for(user).deidentified


class EnrolmentPolicy(Policy[Enrolment]):
    model = Enrolment

    def rows(self, user: Any, action: Action = Action.VIEW) -> QuerySet[Enrolment]:
        if action is Action.CHANGE:
            scope = scope_for(user)
            if scope.is_admin:
                return Enrolment.objects.all()
            return Enrolment.objects.filter(school_id__in=scope.writable_school_ids)
        return scope_by_student(Enrolment.objects.all(), user, action, "student_id")


class StudentMatchPolicy(Policy[StudentMatch]):
    """Officers (their network) and administrators review proposed merges."""

    model = StudentMatch

    def rows(self, user: Any, action: Action = Action.VIEW) -> QuerySet[StudentMatch]:
        scope = scope_for(user)
        if scope.is_admin:
            return StudentMatch.objects.all()
        if not scope.officer_network_ids:
            return StudentMatch.objects.none()
        in_network = Enrolment.objects.filter(
            school__network_id__in=scope.officer_network_ids
        ).values("student_id")
        return StudentMatch.objects.filter(keep_id__in=in_network, duplicate_id__in=in_network)


student_policy = StudentPolicy()
enrolment_policy = EnrolmentPolicy()
student_match_policy = StudentMatchPolicy()
