"""Who may read what the early warning says (docs/definitions.md §16).

A score is about one child, so it follows the child (``scope_by_student``): a teacher sees the
scores of the children of the classes they teach, a director their school's, an officer their
network's, an administrator all. Analysts get the rows de-identified, as with SDQ screenings:
a score names no one (a child's id, a level, the rules that fired and their values).
The rules and the scoring runs name no child: every signed-in user who sees anything reads them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from qinfo.core.policy import Action, Policy
from qinfo.enrolment.policies import scope_by_student
from qinfo.organisations.scope import scope_for
from qinfo.risk.models import RiskScore


def may_read_rules(user: Any) -> bool:
    """The rules, their versions and the scoring runs: anyone signed in who sees anything."""
    return scope_for(user).sees_anything


class RiskScorePolicy(Policy[RiskScore]):
    model = RiskScore

    def rows(self, user: Any, action: Action = Action.VIEW) -> QuerySet[RiskScore]:
        return scope_by_student(RiskScore.objects.all(), user, action, "student_id")


risk_score_policy = RiskScorePolicy()
