"""The services' organisation (tests/services/conftest.py), pinned to 2026-11-20, with three
children in the classroom ป.1/1 and one in the other school's."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from qinfo.audit.models import AuditEvent
from qinfo.people.models import Student
from qinfo.wellbeing.models import HealthMeasurement, SdqScreening
from tests.services.conftest import Org, admit, frozen_today, organisation  # noqa: F401


@dataclass
class Class:
    o: Org
    kids: list[Student]
    older: Student
    elsewhere: Student


@pytest.fixture
def klass(organisation: Org) -> Class:  # noqa: F811
    kids = [
        admit(organisation, "กมล", "ใจดี").student,
        admit(organisation, "ขวัญ", "ใจงาม", birth=dt.date(2018, 2, 10)).student,
        admit(organisation, "จันทร์", "ศรีสุข").student,
    ]
    older = admit(organisation, "ธนา", "มั่นคง", birth=dt.date(2013, 1, 5)).student
    elsewhere = admit(organisation, "อรุณ", "นอกห้อง", classroom=organisation.other_classroom).student
    return Class(organisation, kids, older, elsewhere)


def counts() -> tuple[int, int, int]:
    """Rows of this domain and audit events: a refused write changes none of them."""
    return (
        HealthMeasurement.objects.count(),
        SdqScreening.objects.count(),
        AuditEvent.objects.count(),
    )
