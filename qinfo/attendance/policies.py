"""Attendance follows the child: seen by whoever may see the child; written for one's classes."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from qinfo.accounts.models import Membership, Role
from qinfo.attendance.models import AttendanceMark
from qinfo.core.policy import Action, Policy
from qinfo.enrolment.policies import scope_by_student
from qinfo.organisations.scope import scope_for


class AttendancePolicy(Policy[AttendanceMark]):
    model = AttendanceMark

    def rows(self, user: Any, action: Action = Action.VIEW) -> QuerySet[AttendanceMark]:
        if action is Action.VIEW:
            return scope_by_student(AttendanceMark.objects.all(), user, action, "student_id")
        scope = scope_for(user)
        if scope.is_admin:
            return AttendanceMark.objects.all()
        return AttendanceMark.objects.filter(
            Q(school_id__in=scope.writable_school_ids) | Q(classroom_id__in=scope.classroom_ids)
        )

    def may_record_for(self, user: Any, *, school_id: int, classroom_id: int) -> bool:
        """Teachers record marks for the classes they teach; registrars and directors for
        their school."""
        scope = scope_for(user)
        return (
            scope.is_admin
            or school_id in scope.writable_school_ids
            or classroom_id in scope.classroom_ids
        )

    def may_write_after_window(self, user: Any, *, school_id: int) -> bool:
        """After the edit window (docs/definitions.md §7) only the school's registrar or an
        administrator writes marks."""
        if scope_for(user).is_admin:
            return True
        return Membership.objects.filter(
            user=user, role=Role.REGISTRAR, school_id=school_id, active=True
        ).exists()


attendance_policy = AttendancePolicy()
