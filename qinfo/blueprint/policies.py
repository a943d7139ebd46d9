"""Who reads and who writes the Blueprint (docs/definitions.md §24).

A plan names no child: it holds goals, KPIs and targets, and its actual values are indicators
over many children. So every signed-in member of the network reads its adopted and archived
plans: officers, analysts, directors, registrars and teachers of its schools (teachers work
towards the city's plan too). Drafts are for those who write them: officers of the network and
administrators. A school's share is read by whoever may see the school (``school_policy``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from qinfo.blueprint.models import Plan, PlanStatus
from qinfo.core.policy import Action, Policy
from qinfo.organisations.models import School
from qinfo.organisations.scope import scope_for


def may_write_network(user: Any, network_id: int) -> bool:
    """Officers of the network and administrators write its plans."""
    scope = scope_for(user)
    return scope.is_admin or network_id in scope.officer_network_ids


def writable_network_ids(user: Any) -> set[int] | None:
    """The networks whose plans the user writes (None: every network, an administrator)."""
    scope = scope_for(user)
    return None if scope.is_admin else set(scope.officer_network_ids)


def readable_network_ids(user: Any) -> set[int] | None:
    """Networks whose adopted plans the user reads (None: every network, an administrator)."""
    scope = scope_for(user)
    if scope.is_admin:
        return None
    if not scope.authenticated:
        return set()
    schools = scope.school_ids | scope.teacher_school_ids
    from_schools = School.objects.filter(pk__in=schools).values_list("network_id", flat=True)
    return set(scope.network_ids) | set(from_schools)


class PlanPolicy(Policy[Plan]):
    model = Plan

    def rows(self, user: Any, action: Action = Action.VIEW) -> QuerySet[Plan]:
        scope = scope_for(user)
        if not scope.authenticated:
            return Plan.objects.none()
        writable = writable_network_ids(user)
        if writable is None:  # an administrator
            return Plan.objects.all()
        mine = Plan.objects.filter(network_id__in=writable)
        if action is Action.CHANGE:
            return mine
        readable = readable_network_ids(user) or set()
        published = Plan.objects.filter(network_id__in=readable).exclude(status=PlanStatus.DRAFT)
        return (mine | published).distinct()


plan_policy = PlanPolicy()
