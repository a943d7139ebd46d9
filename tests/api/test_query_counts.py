"""A list costs the same number of queries whatever the size of the page (no N+1)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.world import World

LISTS = ["schools", "classrooms", "staff", "students", "enrolments", "attendance", "results"]


def _queries(client: Client, path: str, limit: int) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, {"limit": limit})
    assert response.status_code == 200
    assert len(response.json()["items"]) == min(limit, response.json()["count"])
    return len(captured)


@pytest.mark.parametrize("persona", ["teacher_a", "analyst", "admin"])
@pytest.mark.parametrize("name", LISTS)
def test_queries_do_not_grow_with_the_page(
    world: World, api_client_for: Callable[[str], Client], persona: str, name: str
) -> None:
    client = api_client_for(persona)
    path = f"/api/v1/{name}"
    _queries(client, path, 1)  # the first request of a session loads the session and user
    assert _queries(client, path, 1) == _queries(client, path, 500)


def test_a_student_list_takes_a_handful_of_queries(
    world: World,
    api_client_for: Callable[[str], Client],
    django_assert_max_num_queries: Callable[..., object],
) -> None:
    client = api_client_for("teacher_a")
    # session, user, memberships, taught classrooms, count, page
    with django_assert_max_num_queries(6):  # type: ignore[attr-defined]
        assert client.get("/api/v1/students", {"limit": 500}).status_code == 200
