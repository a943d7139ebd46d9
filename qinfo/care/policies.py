"""Who may see and record care records: they follow the child, like attendance.

Seeing: whoever may see the child (qinfo.enrolment.policies). Recording a home visit or a
screening: an administrator; the director or registrar of the school where the child is enrolled
now (active enrolment); a teacher of the child's current class (homeroom or a course). Photos and
GPS positions are never shown to de-identified users (analysts).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from qinfo.care.models import CarePhoto, HomeVisit, PovertyScreening
from qinfo.core.policy import Action, Policy
from qinfo.enrolment.models import Enrolment, EnrolmentStatus
from qinfo.enrolment.policies import scope_by_student
from qinfo.organisations.scope import scope_for


def recordable_student_ids(user: Any) -> QuerySet[Any] | None:
    """A subquery of the children the user may record care for (None: every child)."""
    scope = scope_for(user)
    if scope.is_admin:
        return None
    return Enrolment.objects.filter(
        Q(school_id__in=scope.writable_school_ids) | Q(classroom_id__in=scope.classroom_ids),
        status=EnrolmentStatus.ACTIVE,
    ).values("student_id")


def may_record_for(user: Any, student_id: int) -> bool:
    if not scope_for(user).authenticated:
        return False
    ids = recordable_student_ids(user)
    return ids is None or ids.filter(student_id=student_id).exists()


class _ByStudent(Policy[Any]):
    def rows(self, user: Any, action: Action = Action.VIEW) -> QuerySet[Any]:
        rows = self.model.objects.all()
        if action is Action.VIEW:
            return scope_by_student(rows, user, action, "student_id")
        if not scope_for(user).authenticated:
            return rows.none()
        ids = recordable_student_ids(user)
        return rows if ids is None else rows.filter(student_id__in=ids)


class HomeVisitPolicy(_ByStudent):
    model = HomeVisit


class ScreeningPolicy(_ByStudent):
    model = PovertyScreening


class CarePhotoPolicy(_ByStudent):
    model = CarePhoto

    def rows(self, user: Any, action: Action = Action.VIEW) -> QuerySet[Any]:
        if scope_for(user).deidentified:
            return CarePhoto.objects.none()
        return super().rows(user, action)


home_visit_policy = HomeVisitPolicy()
screening_policy = ScreeningPolicy()
care_photo_policy = CarePhotoPolicy()
