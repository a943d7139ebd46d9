"""Dashboards under load: 50 people at once on a Phuket-scale demo behind a real WSGI server.

The demo is built first (``qinfo demo --no-serve``, today fixed) in the benchmark's database
(PostgreSQL for the recorded figure). Then:

- the pages are chosen on that database (``python -m bench.dashboard_load targets``, Django set
  up there): the demo teacher's dashboard and homeroom class; the demo director's school
  dashboard, each tab, with filters (term, sex, poverty, grade), and some of its classes; the
  city dashboard with filters (year, term, sex, poverty, grade) and every school's dashboard for
  the officer;
- gunicorn serves ``qinfo.wsgi:application`` on loopback (WORKERS processes × THREADS threads,
  gthread: the pages are CPU-bound Python, so about one process per core plus one, and threads
  to overlap the database's waits), static files by whitenoise as in production, demo mode on
  (QINFO_DEMO=1: the demo sign-ins), DEBUG off;
- Locust (a subprocess: it patches the standard library with gevent) runs bench/locustfile.py
  headless, first a warm-up (WARM_UP_USERS users for WARM_UP_TIME seconds, not measured: each
  worker's imports and its cache of indicator frames, as on a server that has been up for a
  while), then the measured run: USERS users, SPAWN_RATE new users a second, RUN_TIME seconds
  in all, each signing in as the demo teacher, director or officer (3 : 2 : 1), loading the
  static files once, then opening their pages at random with 1–3 s of thinking between two
  pages. The statistics are reset once every user has started (``--reset-stats``): what is
  measured is the steady state, not the sign-ins' password hashing.

Metric: the 95th percentile of the response time of the dashboard pages, in ms (sign-ins and
static files not included; the JSON line on stderr has them all, with the requests, failures,
median and each page's p95). Any failed request (an answer other than 200, a redirect to the
sign-in page) fails the benchmark.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.databases import ROOT, BenchDatabase
from bench.demo_build import time_demo_build
from bench.registry import benchmark

USERS = 50
SPAWN_RATE = 5
RUN_TIME = 100  # seconds, spawning included
#: The warm-up before the measured run (its figures are not kept): every worker process imports
#: what the pages need and fills its cache, as on a server that has been running for a while.
WARM_UP_USERS = 20
WARM_UP_TIME = 40
WORKERS = 3
THREADS = 4
#: Requests that are not dashboard pages: left out of the metric, counted for failures.
NOT_PAGES = frozenset({"login", "login (form)", "static"})
STATIC = (
    "web/qinfo.css",
    "web/dashboards.css",
    "web/dashboards.js",
    "vendor/echarts/echarts.min.js",
)


# Inside Django: which pages to open -------------------------------------------------------------
def targets() -> dict[str, Any]:
    """Runs inside a subprocess with Django set up on the demo's database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qinfo.settings")
    import django

    django.setup()
    from django.contrib.staticfiles import finders
    from django.templatetags.static import static
    from django.urls import Resolver404, resolve

    from qinfo.accounts.models import User
    from qinfo.dashboards.values import years
    from qinfo.organisations.models import Classroom, School
    from qinfo.organisations.scope import scope_for

    def exists(path: str) -> bool:
        try:
            resolve(path.split("?")[0])
        except Resolver404:
            return False
        return True

    year, before = years()[0], years()[1]
    teacher = scope_for(User.objects.get(username="demo-teacher"))
    director = scope_for(User.objects.get(username="demo-director"))
    school_id = min(director.school_ids)
    homeroom = min(teacher.classroom_ids)
    rooms = list(
        Classroom.objects.filter(school_id=school_id, academic_year__year_be=year)
        .order_by("grade_level", "room")
        .values_list("pk", "grade_level")
    )
    classes, grade = [pk for pk, _ in rooms], rooms[len(rooms) // 2][1]
    schools = list(School.objects.order_by("code").values_list("pk", flat=True))
    school = f"/dashboards/school/{school_id}/"
    filters = [
        "",
        "?term=1",
        "?sex=F",
        "?poverty=extremely_poor",
        f"?grade={grade}",
        f"?year={before}",
    ]
    tabs = ["equity", "quality", "efficiency"]
    pages = {
        "teacher": [
            ["teacher", "/dashboards/teacher/"],
            ["classroom", f"/dashboards/classroom/{homeroom}/"],
        ],
        "director": [
            [f"school {tab}", f"{school}?tab={tab}{f.replace('?', '&')}"]
            for tab in tabs
            for f in filters
        ]
        + [["classroom", f"/dashboards/classroom/{pk}/"] for pk in classes[::6]],
        "officer": [["city", f"/dashboards/city/{f}"] for f in filters]
        + [[f"school {tabs[0]}", f"/dashboards/school/{pk}/"] for pk in schools],
    }
    missing = sorted({p for rows in pages.values() for _, p in rows if not exists(p)})
    static_paths = [static(name) for name in STATIC if finders.find(name)]
    return {"pages": pages, "missing": missing, "static": static_paths}


# Outside Django: the server and the load ------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _django_env(database: BenchDatabase) -> dict[str, str]:
    env = {**database.env(), "QINFO_DEMO": "1", "QINFO_DEBUG": "0"}
    if database.sqlite_path:
        env["QINFO_DB"] = str(database.sqlite_path)
    return env


def _chosen_pages(env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.dashboard_load", "targets"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"choosing the pages failed:\n{done.stdout}\n{done.stderr}")
    chosen: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    if chosen["missing"]:
        raise RuntimeError(f"these dashboard pages do not exist: {chosen['missing']}")
    return chosen


@contextmanager
def serving(env: dict[str, str], log: Path) -> Iterator[str]:
    """gunicorn on a free loopback port; answers the base URL once /login/ answers."""
    port = _free_port()
    command = [
        sys.executable, "-m", "gunicorn", "qinfo.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), "--threads", str(THREADS),
        "--worker-class", "gthread", "--timeout", "120", "--log-level", "warning",
        # Longer than the users' thinking: with gunicorn's default (2 s) it closed kept-alive
        # connections just as Locust sent the next request on them (failures with status 0).
        "--keep-alive", "10",
    ]  # fmt: skip
    with log.open("w") as out:
        server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        while True:
            try:
                with urllib.request.urlopen(f"{url}/login/", timeout=5) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def run_locust(
    url: str, chosen: dict[str, Any], workdir: Path, users: int, run_time: int
) -> list[dict[str, Any]]:
    stats = workdir / f"locust-{users}-{run_time}.json"
    env = {
        **os.environ,
        "QINFO_BENCH_PAGES": json.dumps(chosen["pages"]),
        "QINFO_BENCH_STATIC": json.dumps(chosen["static"]),
    }
    command = [
        sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
        "--users", str(users), "--spawn-rate", str(SPAWN_RATE), "--run-time", f"{run_time}s",
        "--host", url, "--reset-stats", "--only-summary", "--json-file", str(stats.with_suffix("")),
        "--csv", str(stats.with_suffix("")),
        "--loglevel", "WARNING", "--stop-timeout", "10", "--exit-code-on-error", "0",
    ]  # fmt: skip
    done = subprocess.run(command, env=env, cwd=workdir, capture_output=True, text=True)
    (workdir / f"locust-{users}-{run_time}.log").write_text(done.stdout + done.stderr)
    if done.returncode != 0 or not stats.is_file() or "Traceback" in done.stderr:
        raise RuntimeError(f"locust failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    entries: list[dict[str, Any]] = json.loads(stats.read_text())
    return entries


def percentile(times: dict[int, int], share: float) -> float:
    """The response time below which ``share`` of the requests fall, from Locust's histogram
    (milliseconds, rounded as Locust rounds them: to 1 ms below 100, 10 ms below 1000, ...)."""
    total = sum(times.values())
    if not total:
        return 0.0
    wanted, seen = share * total, 0
    for ms in sorted(times):
        seen += times[ms]
        if seen >= wanted:
            return float(ms)
    return float(max(times))


def summary(entries: list[dict[str, Any]], chosen: dict[str, Any]) -> dict[str, Any]:
    pages: dict[str, dict[int, int]] = {}
    everything: dict[int, int] = {}
    requests = failures = 0
    for entry in entries:
        requests += entry["num_requests"]
        failures += entry["num_failures"]
        if entry["name"] in NOT_PAGES:
            continue
        times = {int(float(ms)): n for ms, n in entry["response_times"].items()}
        merged = pages.setdefault(entry["name"], {})
        for ms, n in times.items():
            merged[ms] = merged.get(ms, 0) + n
            everything[ms] = everything.get(ms, 0) + n
    page_requests = sum(everything.values())
    duration = max((e["last_request_timestamp"] or 0) for e in entries) - min(
        (e["start_time"] or 0) for e in entries
    )
    return {
        "p95_ms": percentile(everything, 0.95),
        "median_ms": percentile(everything, 0.5),
        "p99_ms": percentile(everything, 0.99),
        "max_ms": float(max(everything, default=0)),
        "page_requests": page_requests,
        "requests": requests,
        "failures": failures,
        "requests_per_s": round(page_requests / duration, 1) if duration > 0 else 0.0,
        "p95_by_page_ms": {name: percentile(t, 0.95) for name, t in sorted(pages.items())},
        "requests_by_page": {name: sum(t.values()) for name, t in sorted(pages.items())},
        "users": USERS,
        "think_s": "1-3",
        "server": f"gunicorn gthread {WORKERS}x{THREADS}",
        "errors": sorted({e["name"] for e in entries if e["num_failures"]}),
        "pages": sum(len(rows) for rows in chosen["pages"].values()),
    }


def measure(database: BenchDatabase) -> dict[str, Any]:
    """The load on a database that already holds the demo."""
    env = _django_env(database)
    (database.workdir / "var" / "static").mkdir(parents=True, exist_ok=True)
    chosen = _chosen_pages(env)
    workdir = Path(tempfile.mkdtemp(prefix="locust-", dir=database.workdir))
    # The nightly `qinfo indicators refresh` opens every network's dashboards once (the demo
    # build took the snapshot); do the same, then measure.
    warmed = subprocess.run(
        [sys.executable, "-m", "qinfo.cli", "indicators", "refresh", "--warm-only"],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    if warmed.returncode != 0:
        raise RuntimeError(f"warming the dashboards failed:\n{warmed.stdout}\n{warmed.stderr}")
    with serving(env, workdir / "gunicorn.log") as url:
        run_locust(url, chosen, workdir, WARM_UP_USERS, WARM_UP_TIME)
        entries = run_locust(url, chosen, workdir, USERS, RUN_TIME)
    figures = summary(entries, chosen)
    print(json.dumps({"dashboard-load": figures}), file=sys.stderr)
    if figures["failures"]:
        log = (workdir / "gunicorn.log").read_text()[-3000:]
        load = (workdir / f"locust-{USERS}-{RUN_TIME}_failures.csv").read_text()[-3000:]
        raise RuntimeError(
            f"{figures['failures']} requests failed ({figures['errors']}):\n{log}\n{load}"
        )
    return figures


@benchmark(
    name="dashboard-load",
    description=(
        "dashboard pages (teacher, school tabs, city, classroom, with filters) on the Phuket demo "
        "behind gunicorn, 50 concurrent users from Locust on loopback, 1-3 s think time: p95"
    ),
    metric="p95_ms",
    unit="ms",
    target=300,
)
def dashboard_load(database: BenchDatabase) -> float:
    time_demo_build(database, "phuket")
    return float(measure(database)["p95_ms"])


def _on_existing_database() -> dict[str, Any]:
    """``python -m bench.dashboard_load load``: the load alone, on the database that DATABASE_URL
    (or QINFO_DB) names and that already holds the Phuket demo (to look into a slow page). With
    PostgreSQL, set QINFO_SNAPSHOT_DIR to the demo's snapshots (its var/snapshots): the run's own
    var/ is empty, and without a snapshot the pages compute on the database itself (minutes)."""
    url, path = os.environ.get("DATABASE_URL"), os.environ.get("QINFO_DB")
    with tempfile.TemporaryDirectory(prefix="qinfo-bench-") as scratch:
        database = BenchDatabase(
            "postgres" if url else "sqlite", Path(scratch), Path(path) if path else None, url
        )
        return measure(database)


if __name__ == "__main__":
    if sys.argv[1:] == ["targets"]:
        print(json.dumps(targets()))
    elif sys.argv[1:] == ["load"]:
        print(json.dumps(_on_existing_database()))
    else:
        print("usage: python -m bench.dashboard_load targets|load", file=sys.stderr)
        sys.exit(2)
