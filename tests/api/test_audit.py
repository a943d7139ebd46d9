"""Opening a child's record through the API leaves exactly one audit event; a 404 leaves none."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from qinfo.audit.models import AuditAction, AuditEvent
from tests.world import World


def test_opening_a_student_is_audited_with_actor_target_and_address(
    world: World, api_client_for: Callable[[str], Client]
) -> None:
    mover = world.students["mover"]
    response = api_client_for("director_a").get(
        f"/api/v1/students/{mover.pk}", REMOTE_ADDR="203.0.113.7"
    )
    assert response.status_code == 200
    assert [e["academic_year"] for e in response.json()["enrolments"]] == [
        world.years["N_before"].year_be,
        world.years["N_now"].year_be,
    ]
    event = AuditEvent.objects.get()
    assert event.action == AuditAction.VIEW
    assert event.actor == world.users["director_a"]
    assert (event.target_type, event.target_id) == ("people.student", str(mover.pk))
    assert event.ip == "203.0.113.7"
    assert event.school_id == world.schools["A"].pk


def test_lists_do_not_open_records(world: World, api_client_for: Callable[[str], Client]) -> None:
    api_client_for("officer").get("/api/v1/students")
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()


def test_a_refused_opening_leaves_no_event(
    world: World, api_client_for: Callable[[str], Client]
) -> None:
    hidden = world.students["x_phuriphat"]
    response = api_client_for("officer").get(f"/api/v1/students/{hidden.pk}")
    assert response.status_code == 404
    assert not AuditEvent.objects.exists()


def test_an_analyst_opening_is_audited_too(
    world: World, api_client_for: Callable[[str], Client]
) -> None:
    mover = world.students["mover"]
    body = api_client_for("analyst").get(f"/api/v1/students/{mover.pk}").json()
    assert body["birth_year"] == mover.birth_date.year and "first_name_th" not in body
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, actor=world.users["analyst"]).exists()
