"""Who sees and who works an alert (docs/definitions.md §18).

Seeing follows the child (like attendance): whoever may see the child may see the child's alerts,
analysts de-identified. Working an alert (acknowledge, record an action, resolve, dismiss) is for
its owner, the director it was escalated to, a director of the child's school, an officer of the
school's network, and administrators. Notifications are their recipient's alone.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from qinfo.accounts.models import Membership, Role
from qinfo.alerts.models import Alert, Notification
from qinfo.core.policy import Action, Policy
from qinfo.enrolment.policies import scope_by_student
from qinfo.organisations.scope import scope_for


def director_school_ids(user: Any) -> set[int]:
    """Schools the user directs (an active director membership)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        Membership.objects.filter(user=user, role=Role.DIRECTOR, active=True).values_list(
            "school_id", flat=True
        )
    )


class AlertPolicy(Policy[Alert]):
    model = Alert

    def rows(self, user: Any, action: Action = Action.VIEW) -> QuerySet[Alert]:
        seen = scope_by_student(Alert.objects.all(), user, Action.VIEW, "student_id")
        if action is Action.VIEW:
            return seen
        scope = scope_for(user)
        if not scope.authenticated or (scope.deidentified and not scope.is_admin):
            return Alert.objects.none()
        if scope.is_admin:
            return seen
        return seen.filter(
            Q(owner=user)
            | Q(escalated_to=user)
            | Q(school_id__in=director_school_ids(user))
            | Q(school__network_id__in=scope.officer_network_ids)
        )

    def may_act(self, user: Any, alert: Alert) -> bool:
        return self.rows(user, Action.CHANGE).filter(pk=alert.pk).exists()


class NotificationPolicy(Policy[Notification]):
    model = Notification

    def rows(self, user: Any, action: Action = Action.VIEW) -> QuerySet[Notification]:
        if not scope_for(user).authenticated:
            return Notification.objects.none()
        mine = Notification.objects.filter(recipient=user)
        return scope_by_student(mine, user, Action.VIEW, "alert__student_id")


alert_policy = AlertPolicy()
notification_policy = NotificationPolicy()
