"""How long the child's page takes: GET /students/<id>/ for many children of a Phuket-scale
demo, as the municipality officer (the widest scope a person has), p95 of the wall-clock time of
the whole request (middleware, policies, every part of the record, the template).

The demo is built first (``qinfo demo --no-serve``, today fixed), then the pages are timed in a
subprocess that runs Django on that database, as a server would.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import time

from bench.databases import BenchDatabase
from bench.demo_build import measure_on_phuket
from bench.registry import benchmark

STUDENTS = 200
WARM_UP = 10
SEED = 3


def _measure() -> dict[str, float]:
    """Runs inside the subprocess: Django set up on the benchmark's database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qinfo.settings")
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from qinfo.accounts.models import User
    from qinfo.enrolment.models import Enrolment

    with_history = list(
        Enrolment.objects.values("student_id")
        .annotate(years=Count("academic_year", distinct=True))
        .filter(years__gte=3)
        .order_by("student_id")
        .values_list("student_id", flat=True)
    )
    chosen = random.Random(SEED).sample(with_history, min(STUDENTS, len(with_history)))
    client = Client()
    client.force_login(User.objects.get(username="demo-officer"))
    for pk in chosen[:WARM_UP]:
        assert client.get(f"/students/{pk}/").status_code == 200
    times, queries = [], []
    for pk in chosen:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(f"/students/{pk}/")
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (pk, response.status_code)
        queries.append(len(captured.captured_queries))
    times.sort()
    return {
        "p95_ms": times[max(0, round(0.95 * len(times)) - 1)],
        "median_ms": statistics.median(times),
        "max_queries": max(queries),
        "students": len(times),
    }


@benchmark(
    name="child-page",
    description="the child's page for 200 children with 3+ years of history (Phuket demo)",
    metric="p95_ms",
    unit="ms",
    target=100,
)
def child_page(database: BenchDatabase) -> float:
    return float(measure_on_phuket(database, "bench.child_page", "child-page")["p95_ms"])


if __name__ == "__main__":
    print(json.dumps(_measure()))
