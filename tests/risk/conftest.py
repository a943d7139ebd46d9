"""The services' organisation (tests/services/conftest.py, pinned to Friday 2026-11-20) with
three children in the teacher's ป.1/1 whose attendance of term 2 (from Monday 2026-11-02) is
recorded through the roll-call service:

- ``steady``: present every day;
- ``streak``: absent the last three school days (12 of 15 days: 80%, not below);
- ``away``: absent every other day and the last day (below 80%, not three in a row).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.test import Client

from qinfo.accounts.models import User
from qinfo.attendance.services import MarkInput, attendance_record
from qinfo.people.models import Student
from tests.services.conftest import Org, admit, frozen_today, make_user, organisation

__all__ = ["Scored", "frozen_today", "make_user", "organisation"]

TODAY = dt.date(2026, 11, 20)
TERM_DAYS = [
    dt.date(2026, 11, 2) + dt.timedelta(days=d)
    for d in range(19)
    if (dt.date(2026, 11, 2) + dt.timedelta(days=d)).weekday() < 5
]


@dataclass
class Scored:
    o: Org
    steady: Student
    streak: Student
    away: Student

    def client(self, user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client


@pytest.fixture
def scored(organisation: Org) -> Scored:
    o = organisation
    steady = admit(o, "มานะ", "ตั้งใจ").student
    streak = admit(o, "ปิติ", "ขาดบ่อย").student
    away = admit(o, "ชูใจ", "ไม่มา").student
    for i, day in enumerate(TERM_DAYS):
        marks = [
            MarkInput(steady.pk, "P"),
            MarkInput(streak.pk, "A" if day >= dt.date(2026, 11, 18) else "P"),
            MarkInput(away.pk, "A" if i % 2 == 0 and day != dt.date(2026, 11, 19) else "P"),
        ]
        attendance_record(actor=o.registrar, classroom=o.classroom, date=day, marks=marks)
    return Scored(o, steady, streak, away)
