"""Rows of the early warning (alerts) for every child of the permission world.

Every child gets, on the day after the latest score already in the world (today at the earliest),
a score at risk whose fired rule says why, so that every child is on the watchlists of those who
may see them; and one open alert owned by the homeroom teacher of the child's current class, with
an "opened" event, an action whose text names nobody, and an inbox notification for the owner.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Max
from django.utils import timezone

from qinfo.alerts.models import Alert, AlertEvent, Notification
from qinfo.enrolment.models import Enrolment, EnrolmentStatus
from qinfo.risk.models import RiskScore, RuleSet

if TYPE_CHECKING:
    from tests.world import World

FIRED = {
    "code": "absent_3_days",
    "label_th": "ขาดเรียนติดต่อกัน 3 วันเรียนขึ้นไป",
    "label_en": "Absent 3 or more school days in a row",
    "indicator": "absent_streak",
    "operator": ">=",
    "threshold": 3.0,
    "value": 4,
    "severity": "at_risk",
    "dimension": "access",
    "hard": True,
}


def extend(w: World) -> None:
    latest = RiskScore.objects.aggregate(day=Max("as_of"))["day"]
    day = max(timezone.localdate(), latest + dt.timedelta(days=1) if latest else dt.date.min)
    ruleset = RuleSet.objects.filter(active=True).first() or RuleSet.objects.create(version=999)
    current = {
        e.student_id: e
        for e in Enrolment.objects.filter(
            student__in=w.students.values(), status=EnrolmentStatus.ACTIVE
        ).select_related("classroom")
    }
    for student in w.students.values():
        enrolment = current[student.pk]
        score = RiskScore.objects.create(
            student=student,
            school_id=enrolment.school_id,
            classroom=enrolment.classroom,
            as_of=day,
            level="at_risk",
            ruleset=ruleset,
            fired=[FIRED],
            indicators={"absent_streak": 4, "attendance_rate_term": 88.0},
        )
        homeroom = enrolment.classroom.homeroom_teachers.first()
        owner = homeroom.user if homeroom is not None else None
        alert = Alert.objects.create(
            student=student,
            school_id=enrolment.school_id,
            classroom=enrolment.classroom,
            owner=owner,
            trigger="hard_rule",
            level="at_risk",
            score=score,
            reasons=[FIRED],
            opened_on=day,
        )
        AlertEvent.objects.create(alert=alert, kind="opened")
        AlertEvent.objects.create(alert=alert, kind="action", text="called home", by=owner)
        if owner is not None:
            Notification.objects.create(
                alert=alert, recipient=owner, channel="inbox", event="opened", status="sent"
            )
