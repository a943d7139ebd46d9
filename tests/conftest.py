"""Fixtures for cross-app tests: the small world of tests/world.py and its personas.

``world`` builds the world inside the test's transaction. Each persona fixture (``teacher_a``,
``director_a``, ``teacher_b``, ``officer``, ``analyst``, ``admin``, ``anonymous``) gives a
``Persona``: its user (None for anonymous) and a Django test client signed in with a session.
``api_client_for("officer")`` does the same by name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from tests.demo_files import DemoFile, build_small_demo
from tests.world import PERSONAS, World, build_world


@dataclass
class Persona:
    name: str
    user: Any
    client: Client


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def persona_for(world: World) -> Callable[[str], Persona]:
    made: dict[str, Persona] = {}

    def make(name: str) -> Persona:
        if name not in PERSONAS:
            raise KeyError(f"no persona {name!r}; personas: {', '.join(PERSONAS)}")
        if name not in made:
            client = Client()
            user = world.users.get(name)
            if user is not None:
                client.force_login(user)
            made[name] = Persona(name=name, user=user, client=client)
        return made[name]

    return make


@pytest.fixture
def api_client_for(persona_for: Callable[[str], Persona]) -> Callable[[str], Client]:
    return lambda name: persona_for(name).client


@pytest.fixture
def anonymous(persona_for: Callable[[str], Persona]) -> Persona:
    return persona_for("anonymous")


@pytest.fixture
def teacher_a(persona_for: Callable[[str], Persona]) -> Persona:
    return persona_for("teacher_a")


@pytest.fixture
def director_a(persona_for: Callable[[str], Persona]) -> Persona:
    return persona_for("director_a")


@pytest.fixture
def teacher_b(persona_for: Callable[[str], Persona]) -> Persona:
    return persona_for("teacher_b")


@pytest.fixture
def officer(persona_for: Callable[[str], Persona]) -> Persona:
    return persona_for("officer")


@pytest.fixture
def analyst(persona_for: Callable[[str], Persona]) -> Persona:
    return persona_for("analyst")


@pytest.fixture
def admin(persona_for: Callable[[str], Persona]) -> Persona:
    return persona_for("admin")


# The small demo, built once per session (tests/demo_files.py) --------------------------------
@pytest.fixture(scope="session")
def small_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoFile]:
    demo = DemoFile(build_small_demo(tmp_path_factory.mktemp("demo-a") / "demo.sqlite3", seed=1))
    yield demo
    demo.db.close()


@pytest.fixture(scope="session")
def small_demo_again(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoFile]:
    demo = DemoFile(build_small_demo(tmp_path_factory.mktemp("demo-b") / "demo.sqlite3", seed=1))
    yield demo
    demo.db.close()


@pytest.fixture(scope="session")
def small_demo_other_seed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoFile]:
    demo = DemoFile(build_small_demo(tmp_path_factory.mktemp("demo-c") / "demo.sqlite3", seed=2))
    yield demo
    demo.db.close()
