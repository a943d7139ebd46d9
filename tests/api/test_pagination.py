"""Lists answer {"items": [...], "count": N}, paged by limit and offset."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from tests.world import World


def test_limit_and_offset_page_through_the_whole_list(
    world: World, api_client_for: Callable[[str], Client]
) -> None:
    client = api_client_for("admin")
    whole = client.get("/api/v1/students", {"limit": 100}).json()
    assert whole["count"] == len(world.students) == len(whole["items"])
    first = client.get("/api/v1/students", {"limit": 3}).json()
    second = client.get("/api/v1/students", {"limit": 3, "offset": 3}).json()
    assert first["count"] == second["count"] == whole["count"]
    assert [s["id"] for s in first["items"] + second["items"]] == [
        s["id"] for s in whole["items"][:6]
    ]


def test_an_offset_past_the_end_gives_no_items_but_the_count(
    world: World, api_client_for: Callable[[str], Client]
) -> None:
    body = api_client_for("officer").get("/api/v1/schools", {"offset": 50}).json()
    assert body == {"items": [], "count": 2}


def test_the_default_page_is_fifty_and_limit_has_a_ceiling(
    world: World, api_client_for: Callable[[str], Client]
) -> None:
    client = api_client_for("admin")
    assert client.get("/api/v1/attendance").json()["count"] == 11
    response = client.get("/api/v1/students", {"limit": 501})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "limit"
    assert client.get("/api/v1/students", {"limit": 0}).status_code == 422
    assert client.get("/api/v1/students", {"offset": -1}).status_code == 422
