"""Rows of the early warning (risk) for every child of the permission world: one score per child
as of the first day of its latest enrolment, with a fired rule and a factor, so that an analyst's
answers can be checked for what they must not carry (a score names no one)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qinfo.enrolment.models import Enrolment
from qinfo.risk.models import RiskScore, RuleSet
from qinfo.risk.rules import active_rules

if TYPE_CHECKING:
    from tests.world import World


def extend(w: World) -> None:
    if not RuleSet.objects.filter(active=True).exists():  # after a flush of the seeded rows
        RuleSet.objects.create(version=1, active=True, note="world")
    ruleset, specs = active_rules()
    latest: dict[int, Enrolment] = {}
    for enrolment in Enrolment.objects.filter(student__in=w.students.values()).order_by(
        "start_date", "pk"
    ):
        latest[enrolment.student_id] = enrolment
    fired = [specs[0].as_fired(3)] if specs else []
    RiskScore.objects.bulk_create(
        RiskScore(
            student_id=student_id,
            school_id=enrolment.school_id,
            classroom_id=enrolment.classroom_id,
            as_of=enrolment.start_date,
            level="at_risk" if fired else "normal",
            probability=0.25,
            ruleset=ruleset,
            fired=fired,
            factors=[{"indicator": "absent_streak", "value": 3.0, "effect": 0.4}],
            indicators={"absent_streak": 3.0, "attendance_rate_term": 91.5},
        )
        for student_id, enrolment in latest.items()
    )
