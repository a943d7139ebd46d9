"""Builds a whole demo municipality into the default database, in one transaction."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction

from qinfo.audit.models import AuditAction
from qinfo.audit.services import audit_record
from qinfo.demo.accounts import DemoLogin, create_demo_accounts
from qinfo.demo.blueprint import write_blueprint
from qinfo.demo.care import write_care
from qinfo.demo.exams import write_exams
from qinfo.demo.gradebook import write_gradebook
from qinfo.demo.loader import Loader
from qinfo.demo.records import Ids
from qinfo.demo.risk import write_early_warning
from qinfo.demo.scale import SCALES, Scale
from qinfo.demo.simulate import World
from qinfo.demo.wellbeing import write_wellbeing
from qinfo.demo.write import write_organisations, write_people
from qinfo.demo.write_marks import write_attendance, write_results
from qinfo.enrolment.matching import student_match_scan
from qinfo.enrolment.models import Enrolment
from qinfo.organisations.models import (
    AcademicYear,
    Classroom,
    Course,
    Network,
    NonSchoolDay,
    School,
    Staff,
    Subject,
    Term,
)
from qinfo.people.models import Guardianship, Household, HouseholdMember, Student

#: The key counters of qinfo.demo.records.Ids, and the tables they number.
KEYED: dict[str, type[models.Model]] = {
    "network": Network,
    "school": School,
    "year": AcademicYear,
    "term": Term,
    "subject": Subject,
    "staff": Staff,
    "classroom": Classroom,
    "course": Course,
    "household": Household,
    "member": HouseholdMember,
    "student": Student,
    "enrolment": Enrolment,
}
#: Tables written with explicit keys or by the loader, whose PostgreSQL sequences need moving.
SEQUENCED: tuple[type[models.Model], ...] = (
    *KEYED.values(),
    NonSchoolDay,
    Guardianship,
    Staff.subjects.through,
    Classroom.homeroom_teachers.through,
)


class DemoError(Exception):
    """The demo cannot be built here (for example, the database already holds one)."""


@dataclass
class BuildSummary:
    scale: str
    seed: int
    today: dt.date
    counts: dict[str, int]
    seconds: dict[str, float] = field(default_factory=dict)
    logins: list[DemoLogin] = field(default_factory=list)


def build_demo(
    *,
    scale: Scale | str = "phuket",
    seed: int = 1,
    today: dt.date | None = None,
    accounts: bool = True,
    early_warning: bool = True,
    progress: Callable[[str], None] | None = None,
) -> BuildSummary:
    """Simulate the municipality and load it; demo accounts only in demo (or test) mode."""
    chosen = SCALES[scale] if isinstance(scale, str) else scale
    today = today or dt.date.today()
    if accounts and not (settings.DEMO_MODE or settings.TESTING):
        raise DemoError("demo accounts are only created in demo mode (QINFO_DEMO=1)")
    say = progress or (lambda _message: None)
    load = Loader(connection)
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = round(now - clock, 2)
        clock = now
        say(f"{name}: {seconds[name]:.1f} s")

    with transaction.atomic():
        if Network.objects.filter(code="phuket-city").exists():
            raise DemoError("this database already holds a demo municipality; build into a new one")
        ids = Ids({key: load.max_id(model) + 1 for key, model in KEYED.items()})
        world = World(chosen, seed, today, ids)
        world.run()
        lap("simulate")
        write_organisations(load, world)
        write_people(load, world)
        lap("people and enrolments")
        marks = write_attendance(load, world)
        lap("attendance")
        results = write_results(load, world)
        lap("results")
        extra: dict[str, int] = {}
        for name, write in (
            ("grade book", write_gradebook),
            ("national tests and literacy", write_exams),
            ("health and SDQ", write_wellbeing),
            ("poverty screening and home visits", write_care),
        ):
            extra |= write(load, world)
            lap(name)
        load.reset_sequences(SEQUENCED)
        logins = create_demo_accounts(world) if accounts else []
        # The children who came back as new records become proposals for the officer to decide.
        proposals = student_match_scan()
        counts = {
            "schools": len(world.schools),
            "staff": len(world.curriculum.staff),
            "students": len(world.kids),
            "active_students": sum(1 for e in world.enrols if e.status == "active"),
            "enrolments": len(world.enrols),
            "attendance_marks": marks,
            "course_results": results,
            "duplicates": len(world.duplicates),
            "match_proposals": proposals,
            **extra,
        }
        details: dict[str, Any] = {
            "generator": "qinfo.demo",
            "scale": chosen.name,
            "seed": seed,
            "today": today.isoformat(),
            "counts": counts,
        }
        audit_record(
            actor=None,
            action=AuditAction.IMPORT,
            target_type="demo.build",
            target_id=world.network_id,
            changes=details,
        )
        load.analyze()
        lap("accounts and statistics")
    if early_warning:
        # After the load is committed: training reads the history through the ORM like any user.
        counts |= write_early_warning(today)
        lap("early warning")
    # The city's Education Blueprint, its baselines computed from the records just loaded.
    counts |= write_blueprint(today)
    lap("blueprint")
    return BuildSummary(chosen.name, seed, today, counts, seconds, logins)
