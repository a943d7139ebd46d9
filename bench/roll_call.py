"""Roll-call benchmarks: one class saved through the web page, and a whole city's school day.

- ``roll-call``: a logged-in teacher saves the roll call of a class of 45 through the roll-call
  page (Django's test client posting the form, the whole request with its middleware), 50 times
  over 50 different school days; the 95th percentile of the request time, in milliseconds.
- ``city-day``: every class of a city the size of Phuket (300 classes of 33, 9,900 daily marks)
  recorded for one day through ``attendance_record_many`` (the batch service that
  ``attendance_record`` wraps), as a city's import of the day would; the wall-clock seconds from
  the marks in memory to the day committed.

Each runs in a subprocess on the benchmark's fresh database (``python -m bench.roll_call NAME``):
the schema is migrated, a world is built in bulk (not timed), then the timed part runs. The world
is dated around the real today, and the edit window is widened so that 50 past days may be saved
by a teacher (docs/definitions.md §7).
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import subprocess
import sys
import time
from typing import Any
from urllib.parse import urlencode

from bench.databases import ROOT, BenchDatabase
from bench.registry import benchmark

CLASS_SIZE = 45
REPEATS = 50
CITY_CLASSES = 300
CITY_CLASS_SIZE = 33
#: The password of the world's two accounts, rollcall-teacher and rollcall-admin.
PASSWORD = "roll-call-pw-1"

FIRST_NAMES = [
    "กมล",
    "ก้อง",
    "เกศินี",
    "แก้วตา",
    "ขวัญใจ",
    "คณิน",
    "จันทร์เพ็ญ",
    "ชนิดา",
    "ณัฐวุฒิ",
    "ดารุณี",
    "ธนพล",
    "นภัสสร",
    "บุญมี",
    "ปิติ",
    "พรทิพย์",
    "ภูมิ",
    "มานะ",
    "ยุพิน",
    "รัตนา",
    "วีระ",
    "ศิริพร",
    "สมชาย",
    "สุดา",
    "อรุณ",
    "อัญชลี",
    "เอกชัย",
]
LAST_NAMES = [
    "ใจดี",
    "ทองดี",
    "มีสุข",
    "รักไทย",
    "แสงทอง",
    "ศรีสุข",
    "บุญมา",
    "พูลผล",
    "ชัยมงคล",
    "วงศ์สวัสดิ์",
    "แก้วมณี",
]


def _in_subprocess(database: BenchDatabase, name: str) -> float:
    env = database.env()
    env.update(QINFO_DEMO="1", QINFO_ATTENDANCE_EDIT_DAYS="400", QINFO_LOG_LEVEL="ERROR")
    if database.sqlite_path:
        env["QINFO_DB"] = str(database.sqlite_path)
    done = subprocess.run(
        [sys.executable, "-m", "bench.roll_call", name],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench.roll_call {name} failed:\n{done.stdout}\n{done.stderr}")
    return float(done.stdout.strip().splitlines()[-1])


@benchmark(
    name="roll-call",
    description="one roll call of 45 students saved through the web page (p95 of 50 saves)",
    metric="p95_ms",
    unit="ms",
    target=100,
)
def roll_call(database: BenchDatabase) -> float:
    return _in_subprocess(database, "roll-call")


@benchmark(
    name="city-day",
    description="a city's school day: 300 classes, 9,900 daily marks through the service",
    metric="seconds",
    unit="s",
    target=2,
)
def city_day(database: BenchDatabase) -> float:
    return _in_subprocess(database, "city-day")


# The worker: runs inside the subprocess, with Django set up on the benchmark's database. ------


def _school_days(today: dt.date, count: int) -> list[dt.date]:
    days: list[dt.date] = []
    current = today
    while len(days) < count:
        if current.weekday() < 5:
            days.append(current)
        current -= dt.timedelta(days=1)
    return days


def build_world(classes: int, size: int, today: dt.date) -> dict[str, Any]:
    """A network, schools of 30 classes, one term around today, children enrolled (in bulk);
    rollcall-teacher teaches the first class. Also the site of tests/browser/test_roll_call.py."""
    from django.db import transaction

    from qinfo.accounts.models import Membership, Role, User
    from qinfo.enrolment.models import Enrolment, EnrolmentStatus
    from qinfo.organisations.models import (
        AcademicYear,
        Classroom,
        Network,
        School,
        Staff,
        Term,
    )
    from qinfo.people.models import IdentifierKind, Student

    start = today - dt.timedelta(days=150)
    with transaction.atomic():
        admin = User.objects.create_user("rollcall-admin", password=PASSWORD)
        Membership.objects.create(user=admin, role=Role.ADMIN)
        teacher = User.objects.create_user("rollcall-teacher", password=PASSWORD)
        network = Network.objects.create(code="bench", name_th="เทศบาลทดสอบ", kind="municipality")
        year = AcademicYear.objects.create(
            network=network,
            year_be=start.year + 543,
            start_date=start,
            end_date=start + dt.timedelta(days=364),
        )
        Term.objects.create(
            academic_year=year, number=1, start_date=start, end_date=today + dt.timedelta(days=30)
        )
        rooms: list[Classroom] = []
        for n in range(0, classes, 30):
            school = School.objects.create(
                network=network,
                code=f"30830{n:05d}",
                name_th=f"โรงเรียนทดสอบ {n // 30 + 1}",
                affiliation="30",
                lowest_grade=4,
                highest_grade=15,
            )
            Membership.objects.create(user=teacher, role=Role.TEACHER, school=school)
            rooms += Classroom.objects.bulk_create(
                Classroom(
                    school=school,
                    academic_year=year,
                    grade_level=4 + (i % 12),
                    room=1 + i // 12,
                )
                for i in range(min(30, classes - n))
            )
        staff = Staff.objects.create(
            school=rooms[0].school,
            first_name_th="ครู",
            last_name_th="ทดสอบ",
            sex="F",
            position="teacher",
            user=teacher,
        )
        rooms[0].homeroom_teachers.add(staff)
        students = Student.objects.bulk_create(
            Student(
                identifier_kind=IdentifierKind.PENDING,
                first_name_th=FIRST_NAMES[i % len(FIRST_NAMES)],
                last_name_th=LAST_NAMES[(i // len(FIRST_NAMES) + i) % len(LAST_NAMES)],
                sex="MF"[i % 2],
                birth_date=dt.date(2015, 1, 1) + dt.timedelta(days=i % 2000),
            )
            for i in range(classes * size)
        )
        Enrolment.objects.bulk_create(
            Enrolment(
                student=s,
                classroom=rooms[i // size],
                school_id=rooms[i // size].school_id,
                academic_year=year,
                start_date=start,
                status=EnrolmentStatus.ACTIVE,
            )
            for i, s in enumerate(students)
        )
    ids = [s.pk for s in students]
    return {
        "admin": admin,
        "teacher": teacher,
        "rooms": rooms,
        "students": {room.pk: ids[i * size : (i + 1) * size] for i, room in enumerate(rooms)},
    }


def _statuses(n: int, salt: int) -> list[str]:
    """A plausible day: mostly present, a few late, sick, on leave or absent."""
    return ["LSEA"[(i + salt) % 4] if (i * 7 + salt) % 13 == 0 else "P" for i in range(n)]


def measure_roll_call() -> float:
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    today = timezone.localdate()
    world = build_world(1, CLASS_SIZE, today)
    room = world["rooms"][0]
    pupils = world["students"][room.pk]
    client = Client()
    client.force_login(world["teacher"])
    url = reverse("web:roll_call", args=[room.pk])
    client.get(url)  # warm the caches (translations, templates) as a running server has them
    times = []
    for n, day in enumerate(_school_days(today, REPEATS)):
        form: dict[str, Any] = {"date": day.isoformat(), "student": pupils}
        for sid, status in zip(pupils, _statuses(len(pupils), n), strict=True):
            form[f"status-{sid}"] = status
            if status == "L":
                form[f"minutes-{sid}"] = "10"
        body = urlencode(form, doseq=True)  # what a browser's form sends
        started = time.perf_counter()
        response = client.post(url, body, content_type="application/x-www-form-urlencoded")
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 302:
            raise RuntimeError(f"the save was refused: {response.content.decode()[:2000]}")
    return statistics.quantiles(times, n=20)[-1]


def measure_city_day() -> float:
    from django.utils import timezone

    from qinfo.attendance.services import MarkInput, RollCall, attendance_record_many

    today = timezone.localdate()
    day = _school_days(today, 1)[0]
    world = build_world(CITY_CLASSES, CITY_CLASS_SIZE, today)
    started = time.perf_counter()
    roll_calls = []
    for n, room in enumerate(world["rooms"]):
        pupils = world["students"][room.pk]
        statuses = _statuses(len(pupils), n)
        marks = [MarkInput(sid, status) for sid, status in zip(pupils, statuses, strict=True)]
        roll_calls.append(RollCall(classroom=room, marks=marks))
    attendance_record_many(actor=world["admin"], date=day, roll_calls=roll_calls)
    return time.perf_counter() - started


def main(name: str, *args: str) -> None:
    """``roll-call`` or ``city-day``: print the measure; ``site SIZE``: only build one class of
    SIZE on the database (for the browser test)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qinfo.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    if name == "site":
        from django.utils import timezone

        build_world(1, int(args[0]), timezone.localdate())
        return
    value = {"roll-call": measure_roll_call, "city-day": measure_city_day}[name]()
    print(f"{value:.3f}")


if __name__ == "__main__":
    main(*sys.argv[1:])
