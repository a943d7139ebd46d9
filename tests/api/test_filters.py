"""Every filter of every list, read as an officer of network N (who sees schools A and B)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.world import World


@pytest.fixture
def get(world: World, api_client_for: Callable[[str], Client]) -> Callable[..., list[Any]]:
    client = api_client_for("officer")

    def fetch(path: str, key: str = "id", **params: Any) -> list[Any]:
        response = client.get(f"/api/v1/{path}", {"limit": 500, **params})
        assert response.status_code == 200, response.content
        return sorted(item[key] for item in response.json()["items"])

    return fetch


def _ids(rows: dict[str, Any], *names: str) -> list[int]:
    return sorted(rows[name].pk for name in names)


def test_schools_by_network(world: World, get: Callable[..., list[Any]]) -> None:
    assert get("schools", network=world.networks["N"].pk) == _ids(world.schools, "A", "B")
    # A network the officer does not serve adds nothing.
    assert get("schools", network=world.networks["O"].pk) == []


def test_classrooms_by_school_year_and_grade(world: World, get: Callable[..., list[Any]]) -> None:
    rooms = world.classrooms
    assert get("classrooms", school=world.schools["B"].pk) == _ids(rooms, "B0", "B1")
    last_year = world.years["N_before"].year_be
    assert get("classrooms", academic_year=last_year) == _ids(rooms, "B0")
    assert get("classrooms", grade_level=5) == _ids(rooms, "A3")  # P2
    assert get("classrooms", school=world.schools["A"].pk, grade_level=4) == _ids(rooms, "A1", "A2")


def test_staff_by_school(world: World, get: Callable[..., list[Any]]) -> None:
    assert get("staff", school=world.schools["B"].pk) == _ids(world.staff, "anucha", "jiraporn")


def test_students_by_school_classroom_year_status_and_name(
    world: World, get: Callable[..., list[Any]]
) -> None:
    s = world.students
    school_b = world.schools["B"].pk
    assert get("students", school=school_b) == _ids(s, "b1_onuma", "b1_supakorn", "mover")
    assert get("students", classroom=world.classrooms["A1"].pk) == _ids(
        s, "a1_thipwan", "a1_nattaphon", "mover"
    )
    last_year = world.years["N_before"].year_be
    assert get("students", academic_year=last_year) == _ids(s, "mover")
    assert get("students", status="transferred_out") == _ids(s, "mover")
    assert get("students", school=school_b, status="active") == _ids(s, "b1_onuma", "b1_supakorn")
    assert get("students", q="ชลธิชา") == _ids(s, "mover")
    assert get("students", q="rungarun") == _ids(s, "a1_thipwan")
    assert get("students", q=s["a2_thanakrit"].identifier) == _ids(s, "a2_thanakrit")


def test_analysts_cannot_search_names(
    world: World, api_client_for: Callable[[str], Client]
) -> None:
    body = api_client_for("analyst").get("/api/v1/students", {"q": "ชลธิชา"}).json()
    assert body == {"items": [], "count": 0}


def test_enrolments_by_student_school_year_and_status(
    world: World, get: Callable[..., list[Any]]
) -> None:
    mover = world.students["mover"].pk
    assert get("enrolments", "student_id", student=mover) == [mover, mover]
    assert get("enrolments", "classroom_id", student=mover, school=world.schools["B"].pk) == [
        world.classrooms["B0"].pk
    ]
    last_year = world.years["N_before"].year_be
    assert get("enrolments", "student_id", academic_year=last_year) == [mover]
    assert get("enrolments", "student_id", status="transferred_out") == [mover]


def test_attendance_by_student_class_school_dates_and_status(
    world: World, get: Callable[..., list[Any]]
) -> None:
    s = world.students
    mover = s["mover"].pk
    assert get("attendance", "student_id", student=mover) == [mover, mover]
    assert get("attendance", "student_id", classroom=world.classrooms["B0"].pk) == [mover]
    assert get("attendance", "student_id", school=world.schools["B"].pk) == _ids(
        s, "b1_onuma", "b1_supakorn", "mover"
    )
    this_year = world.years["N_now"].start_date.isoformat()
    assert get("attendance", "student_id", date_to=this_year) == [mover]
    assert len(get("attendance", "student_id", date_from=this_year)) == 9
    late = get("attendance", "student_id", status="L")
    assert late and len(late) < 9


def test_results_by_student_course_term_and_school(
    world: World, get: Callable[..., list[Any]]
) -> None:
    s = world.students
    mover = s["mover"].pk
    assert get("results", "student_id", student=mover) == [mover, mover]
    assert get("results", "student_id", course=world.courses["A3"].pk) == _ids(
        s, "a3_paweena", "a3_woramet"
    )
    assert get("results", "student_id", term=world.terms["N_before"].pk) == [mover]
    assert get("results", "student_id", school=world.schools["B"].pk) == _ids(
        s, "b1_onuma", "b1_supakorn", "mover"
    )


def test_a_bad_filter_value_is_refused_with_the_field_named(
    world: World, api_client_for: Callable[[str], Client]
) -> None:
    response = api_client_for("officer").get("/api/v1/students", {"status": "expelled"})
    assert response.status_code == 422
    body = response.json()
    assert body["detail"]
    assert [error["field"] for error in body["errors"]] == ["status"]
    response = api_client_for("officer").get("/api/v1/attendance", {"date_from": "yesterday"})
    assert [error["field"] for error in response.json()["errors"]] == ["date_from"]
