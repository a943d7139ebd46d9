"""The services' organisation (tests/services/conftest.py, pinned to 2026-11-20) with a director,
two children in the teacher's homeroom ป.1/1, one in a class with no homeroom teacher, and one in
the other school; scores are written as H3's scorer writes them (fired rules as
``RuleSpec.as_fired``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from qinfo.accounts.models import Role, User
from qinfo.organisations import services as org
from qinfo.organisations.models import Classroom, GradeLevel
from qinfo.people.models import Student
from qinfo.risk.models import RiskScore, RuleSet
from qinfo.riskmodel.rules import RuleSpec
from tests.services.conftest import Org, admit, frozen_today, make_user, organisation

__all__ = ["Alerts", "frozen_today", "organisation"]

STREAK = RuleSpec(
    "absent_3_days",
    "ขาดเรียนติดต่อกัน 3 วันเรียนขึ้นไป",
    "Absent 3 or more school days in a row",
    "absent_streak",
    ">=",
    3,
    "at_risk",
    "access",
    hard=True,
)
LOW = RuleSpec(
    "attendance_below_80",
    "มาเรียนต่ำกว่าร้อยละ 80 ในภาคเรียนนี้",
    "Attendance below 80% this term",
    "attendance_rate_term",
    "<",
    80,
    "problem",
    "access",
)
SDQ = RuleSpec(
    "sdq_at_risk",
    "ผล SDQ อยู่ในกลุ่มเสี่ยง",
    "SDQ in the at-risk band",
    "sdq_band",
    "==",
    1,
    "at_risk",
    "wellbeing",
)
VALUES = {"absent_3_days": 3, "attendance_below_80": 72.5, "sdq_at_risk": 1}


@dataclass
class Alerts:
    o: Org
    director: User
    kid: Student
    sibling: Student
    orphan: Student  # in a class with no homeroom teacher
    elsewhere: Student
    no_homeroom: Classroom

    def client(self, user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client


def score(
    student: Student,
    day: dt.date,
    level: str = "normal",
    rules: Sequence[RuleSpec] = (),
    attendance: float | None = 95.0,
) -> RiskScore:
    """One day's score of a child, in the child's class of that day (as the scorer writes it)."""
    enrolment = student.enrolments.order_by("-start_date").first()
    assert enrolment is not None
    fired = [rule.as_fired(VALUES[rule.code]) for rule in rules]
    return RiskScore.objects.create(
        student=student,
        school_id=enrolment.school_id,
        classroom_id=enrolment.classroom_id,
        as_of=day,
        level=level,
        ruleset=RuleSet.objects.get(active=True),
        fired=fired,
        indicators={"attendance_rate_term": attendance, "absent_streak": 3 if rules else 0},
    )


@pytest.fixture
def alerts(organisation: Org) -> Alerts:
    o = organisation
    director = make_user("director", Role.DIRECTOR, school=o.school)
    director.email = "director@school.example"
    director.save()
    no_homeroom = org.classroom_create(
        actor=o.registrar, school=o.school, academic_year=o.year, grade_level=GradeLevel.P2, room=1
    )
    kid = admit(o, "กมล", "ใจดี").student
    sibling = admit(o, "ขวัญ", "ใจดี").student
    orphan = admit(o, "แก้วตา", "มีสุข", classroom=no_homeroom).student
    elsewhere = admit(o, "จันทร์", "ศรีสุข", classroom=o.other_classroom).student
    o.teacher.email = "teacher@school.example"
    o.teacher.save()
    return Alerts(o, director, kid, sibling, orphan, elsewhere, no_homeroom)


def state() -> tuple[Any, ...]:
    """Everything an alert write could change."""
    from qinfo.alerts.models import Alert, AlertEvent, Notification
    from qinfo.audit.models import AuditEvent

    return (
        sorted(Alert.objects.values_list("pk", "status", "level", "close_reason", "owner_id")),
        AlertEvent.objects.count(),
        Notification.objects.count(),
        AuditEvent.objects.count(),
    )
