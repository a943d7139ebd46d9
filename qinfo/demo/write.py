"""Writes the simulated world's organisations, calendar, staff, children and enrolments."""

from __future__ import annotations

from typing import Any

from qinfo.demo.loader import Loader
from qinfo.demo.places import AMPHOE, PROVINCE, TAMBONS
from qinfo.demo.records import Household as HouseholdRec
from qinfo.demo.simulate import World
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

GUARDIAN_ORDER = ("mother", "father", "grandparent", "relative")


def _school_address(tambon_code: str) -> str:
    tambon = next(t for t in TAMBONS if t.code == tambon_code)
    return f"ตำบล{tambon.name_th} อำเภอเมืองภูเก็ต จังหวัดภูเก็ต {tambon.postcode}"


def _address(h: HouseholdRec) -> dict[str, Any]:
    return {
        "house_no": h.house_no,
        "village_no": h.village_no,
        "street": h.street,
        "province_code": PROVINCE,
        "amphoe_code": AMPHOE,
        "tambon_code": h.tambon,
        "village_code": h.village_code,
        "postcode": h.postcode,
        "latitude": f"{h.lat:.6f}",
        "longitude": f"{h.lon:.6f}",
    }


def write_organisations(load: Loader, world: World) -> None:
    calendar = world.calendar
    network = {
        "id": world.network_id,
        "code": "phuket-city",
        "name_th": "เทศบาลนครภูเก็ต",
        "name_en": "Phuket City Municipality",
        "kind": "municipality",
        "province_code": PROVINCE,
    }
    load.insert_dicts(Network, [network])
    schools = [
        {
            "id": world.school_ids[i],
            "network": world.network_id,
            "code": s.code,
            "name_th": s.name_th,
            "name_en": s.name_en,
            "affiliation": "30",
            "lowest_grade": 1,
            "highest_grade": 15,
            "province_code": PROVINCE,
            "amphoe_code": AMPHOE,
            "tambon_code": s.tambon,
            "village_code": "",
            "address": _school_address(s.tambon),
            "latitude": f"{s.lat:.6f}",
            "longitude": f"{s.lon:.6f}",
        }
        for i, s in enumerate(world.schools)
    ]
    load.insert_dicts(School, schools)
    load.insert_dicts(
        AcademicYear,
        (
            {"id": y.id, "network": world.network_id, "year_be": y.year_be,
             "start_date": y.start.isoformat(), "end_date": y.end.isoformat()}
            for y in calendar.years
        ),
    )  # fmt: skip
    load.insert_dicts(
        Term,
        (
            {"id": t.id, "academic_year": y.id, "number": t.number,
             "start_date": t.start.isoformat(), "end_date": t.end.isoformat()}
            for y in calendar.years
            for t in y.terms
        ),
    )  # fmt: skip
    load.insert_dicts(
        NonSchoolDay,
        (
            {"academic_year": y.id, "date": day.isoformat(), "name_th": th, "name_en": en}
            for y in calendar.years
            for day, th, en in y.holidays
        ),
    )
    curriculum = world.curriculum
    load.insert_dicts(
        Subject,
        (
            {"id": s.id, "code": s.code, "name_th": s.name_th, "name_en": s.name_en,
             "learning_area": s.area, "grade_level": s.grade, "hours_per_year": s.hours}
            for s in curriculum.subjects
        ),
    )  # fmt: skip
    load.insert_dicts(
        Staff,
        (
            {"id": s.id, "school": world.school_ids[s.school], "title_th": s.title,
             "first_name_th": s.first, "last_name_th": s.last, "first_name_en": "",
             "last_name_en": "", "sex": s.sex, "position": s.position,
             "learning_area": s.learning_area, "active": True}
            for s in curriculum.staff
        ),
    )  # fmt: skip
    load.insert_dicts(
        load.through(Staff, "subjects"),
        ({"staff": s.id, "subject": sub} for s in curriculum.staff for sub in sorted(s.subjects)),
    )
    rooms = sorted(curriculum.classroom_by_id.values(), key=lambda c: c.id)
    load.insert_dicts(
        Classroom,
        (
            {"id": c.id, "school": world.school_ids[c.school],
             "academic_year": calendar.years[c.year].id, "grade_level": c.grade, "room": c.room}
            for c in rooms
        ),
    )  # fmt: skip
    load.insert_dicts(
        load.through(Classroom, "homeroom_teachers"),
        ({"classroom": c.id, "staff": staff} for c in rooms for staff in c.homeroom),
    )
    load.insert_dicts(
        Course,
        (
            {"id": c.id, "classroom": c.classroom, "term": c.term, "subject": c.subject,
             "teacher": c.teacher, "hours": c.hours}
            for c in curriculum.courses()
        ),
    )  # fmt: skip


def write_people(load: Loader, world: World) -> None:
    kids = sorted(world.kids, key=lambda k: k.id)
    first_seen = {k.household.id: (k.household, k.created) for k in reversed(kids)}
    households = sorted(first_seen.values(), key=lambda pair: pair[0].id)
    load.insert_dicts(
        Household,
        (
            {**_address(h), "id": h.id, "house_registration_no": h.registration_no, "notes": "",
             "created_at": load.stamp(created)}
            for h, created in households
        ),
    )  # fmt: skip
    load.insert_dicts(
        HouseholdMember,
        (
            {"id": m.id, "household": h.id, "title_th": m.title, "first_name_th": m.first,
             "last_name_th": m.last, "relation": m.relation, "birth_year": m.birth_year,
             "occupation": m.occupation, "phone": m.phone,
             "monthly_income": None if m.income is None else f"{m.income}.00"}
            for h, _ in households
            for m in h.members
        ),
    )  # fmt: skip
    load.insert_dicts(
        Student,
        (
            {**_address(k.household), "id": k.id, "identifier_kind": k.identifier_kind,
             "identifier": k.identifier, "title_th": k.title, "first_name_th": k.first,
             "last_name_th": k.last, "first_name_en": "", "last_name_en": "",
             "nickname": k.nickname, "sex": k.sex, "birth_date": k.birth.isoformat(),
             "nationality": k.nationality, "religion": k.religion,
             "special_need": k.special_need, "disability_notes": "", "photo": "",
             "household": k.household.id, "created_at": load.stamp(k.created),
             "updated_at": load.stamp(k.created)}
            for k in kids
        ),
    )  # fmt: skip
    guardians = []
    for kid in kids:
        adults = [m for m in kid.household.members if m.guardian]
        primary = min(adults, key=lambda m: (GUARDIAN_ORDER.index(m.relation), m.id), default=None)
        guardians += [
            {"student": kid.id, "member": m.id, "relation": m.relation, "is_primary": m is primary}
            for m in adults
        ]
    load.insert_dicts(Guardianship, guardians)
    days, years = world.calendar.days, world.calendar.years
    rows = []
    for e in sorted(world.enrols, key=lambda e: e.id):
        start = days[e.first_day]
        end = None if e.status == "active" else days[e.last_day]
        rows.append(
            {"id": e.id, "student": e.kid.id, "classroom": e.classroom,
             "school": world.school_ids[e.school], "academic_year": years[e.year].id,
             "student_number": e.kid.numbers[e.school], "start_date": start.isoformat(),
             "end_date": end and end.isoformat(), "status": e.status,
             "exit_reason": e.exit_reason, "destination": e.destination,
             "created_at": load.stamp(start), "updated_at": load.stamp(end or start)}
        )  # fmt: skip
    load.insert_dicts(Enrolment, rows)
