"""The users of the dashboard-load benchmark (bench/dashboard_load.py), for Locust.

Locust runs this file in its own process (it patches the standard library with gevent, which must
stay out of the Django server). Every simulated user signs in as one demo persona (a teacher, a
director or a municipality officer: qinfo/demo/accounts.py, password "demo"), loads the static
files once as a browser would (whitenoise serves them), then opens that persona's dashboard pages
one after the other at random, thinking 1 to 3 seconds between two pages.

The pages come from the environment variable QINFO_BENCH_PAGES: JSON ``{persona: [[name, path],
...]}`` (``dashboard_load.targets`` resolves them on the demo's database), with
QINFO_BENCH_STATIC (a JSON list of static paths). A request fails unless it answers 200 without
a redirect (a redirect to the sign-in page would otherwise pass for a page).
"""

from __future__ import annotations

import json
import os
import random
from typing import Any, ClassVar

from locust import HttpUser, between, task

PASSWORD = "demo"
PAGES: dict[str, list[list[str]]] = json.loads(os.environ.get("QINFO_BENCH_PAGES", "{}"))
STATIC: list[str] = json.loads(os.environ.get("QINFO_BENCH_STATIC", "[]"))
#: Seconds a person looks at a page before opening the next.
THINK = (1.0, 3.0)


class Persona(HttpUser):
    abstract = True
    wait_time = between(*THINK)
    persona: ClassVar[str] = ""

    def on_start(self) -> None:
        self.client.get("/login/", name="login (form)")
        token = self.client.cookies.get("csrftoken", "")
        with self.client.post(
            "/login/",
            data={
                "username": f"demo-{self.persona}",
                "password": PASSWORD,
                "csrfmiddlewaretoken": token,
            },
            headers={"Referer": f"{self.host}/login/"},
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302 or "/login/" in response.headers.get("Location", ""):
                response.failure(f"sign-in as demo-{self.persona}: {response.status_code}")
        for path in STATIC:
            self.client.get(path, name="static")

    @task
    def open_a_page(self) -> None:
        name, path = random.choice(PAGES[self.persona])
        self.open(name, path)

    def open(self, name: str, path: str) -> Any:
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{path}: {r.status_code} {r.headers.get('Location', '')}")
            return r


class Teacher(Persona):
    persona = "teacher"
    weight = 3


class Director(Persona):
    persona = "director"
    weight = 2


class Officer(Persona):
    persona = "officer"
    weight = 1
