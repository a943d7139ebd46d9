"""National test results and literacy screenings follow the child: seen by whoever may see the
child (docs/definitions.md §6).

Written: national test results by the school's registrar or director, an officer of the school's
network, or an administrator (an import is a school's paperwork); literacy screenings by the
teachers of the class, the school's registrar or director, or an administrator (like a roll call).
National means are reference data: every signed-in user reads them; officers and administrators
keep them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from qinfo.core.policy import Action, Policy
from qinfo.enrolment.policies import scope_by_student
from qinfo.exams.models import LiteracyScreening, NationalMean, NationalTestResult
from qinfo.organisations.models import Classroom, School
from qinfo.organisations.scope import scope_for


class NationalTestResultPolicy(Policy[NationalTestResult]):
    model = NationalTestResult

    def rows(self, user: Any, action: Action = Action.VIEW) -> QuerySet[NationalTestResult]:
        if action is Action.VIEW:
            return scope_by_student(NationalTestResult.objects.all(), user, action, "student_id")
        scope = scope_for(user)
        if scope.is_admin:
            return NationalTestResult.objects.all()
        return NationalTestResult.objects.filter(
            Q(school_id__in=scope.writable_school_ids)
            | Q(school__network_id__in=scope.officer_network_ids)
        )

    def may_import_for(self, user: Any, school: School) -> bool:
        scope = scope_for(user)
        return (
            scope.is_admin
            or school.pk in scope.writable_school_ids
            or school.network_id in scope.officer_network_ids
        )

    def importable_schools(self, user: Any) -> QuerySet[School]:
        scope = scope_for(user)
        if scope.is_admin:
            return School.objects.all()
        return School.objects.filter(
            Q(pk__in=scope.writable_school_ids) | Q(network_id__in=scope.officer_network_ids)
        )


class LiteracyScreeningPolicy(Policy[LiteracyScreening]):
    model = LiteracyScreening

    def rows(self, user: Any, action: Action = Action.VIEW) -> QuerySet[LiteracyScreening]:
        if action is Action.VIEW:
            return scope_by_student(LiteracyScreening.objects.all(), user, action, "student_id")
        scope = scope_for(user)
        if scope.is_admin:
            return LiteracyScreening.objects.all()
        return LiteracyScreening.objects.filter(
            Q(school_id__in=scope.writable_school_ids) | Q(classroom_id__in=scope.classroom_ids)
        )

    def may_record_for(self, user: Any, classroom: Classroom) -> bool:
        scope = scope_for(user)
        return (
            scope.is_admin
            or classroom.school_id in scope.writable_school_ids
            or classroom.pk in scope.classroom_ids
        )


class NationalMeanPolicy(Policy[NationalMean]):
    model = NationalMean

    def rows(self, user: Any, action: Action = Action.VIEW) -> QuerySet[NationalMean]:
        scope = scope_for(user)
        if not scope.authenticated:
            return NationalMean.objects.none()
        if action is Action.VIEW or scope.is_admin or scope.officer_network_ids:
            return NationalMean.objects.all()
        return NationalMean.objects.none()

    def may_keep(self, user: Any) -> bool:
        scope = scope_for(user)
        return scope.is_admin or bool(scope.officer_network_ids)


national_result_policy = NationalTestResultPolicy()
literacy_policy = LiteracyScreeningPolicy()
national_mean_policy = NationalMeanPolicy()
