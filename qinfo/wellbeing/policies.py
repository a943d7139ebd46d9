"""Health measurements and SDQ screenings follow the child: seen by whoever may see the child;
recorded by the teachers of the child's class and by the registrars and directors of its school
(the same rule as attendance, docs/definitions.md §6)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from qinfo.attendance.policies import attendance_policy
from qinfo.core.policy import Action, Policy
from qinfo.enrolment.policies import scope_by_student
from qinfo.wellbeing.models import HealthMeasurement, SdqScreening


def may_record_for(user: Any, *, school_id: int, classroom_id: int) -> bool:
    """Teachers of the class (this year), registrars and directors of the school, admins."""
    return attendance_policy.may_record_for(user, school_id=school_id, classroom_id=classroom_id)


class HealthPolicy(Policy[HealthMeasurement]):
    model = HealthMeasurement

    def rows(self, user: Any, action: Action = Action.VIEW) -> QuerySet[HealthMeasurement]:
        return scope_by_student(HealthMeasurement.objects.all(), user, action, "student_id")


class SdqPolicy(Policy[SdqScreening]):
    model = SdqScreening

    def rows(self, user: Any, action: Action = Action.VIEW) -> QuerySet[SdqScreening]:
        return scope_by_student(SdqScreening.objects.all(), user, action, "student_id")


health_policy = HealthPolicy()
sdq_policy = SdqPolicy()
