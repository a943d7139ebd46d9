"""How long the whole indicator set takes for the municipality: every indicator of
``qinfo.indicators`` (``compute(django_source(), cut)``) for the whole city, on the live database
of a Phuket-scale demo, cold (Django's cache bypassed: ``compute`` is called directly, never
``indicator_frame``).

The demo is built first (``qinfo demo --no-serve``, today fixed); then, in a subprocess running
Django on that database as a web worker would, one small warm-up computation runs (one indicator:
the imports, the connection), and RUNS rounds are timed by the wall clock (fewer when they take
more than BUDGET_S seconds in all; at least one). A round is what the
city dashboard needs for one year: the current academic year, its term 1 and its term 2 (three
computations, each one SQL statement). The metric is the median round in seconds; the JSON line
also carries each period's median, the first round, and the rows computed.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from typing import Any

from bench.databases import BenchDatabase
from bench.demo_build import measure_on_phuket
from bench.registry import benchmark

RUNS = 5
#: Seconds of rounds after which no new round starts (a slow set is measured once, not five
#: times; the JSON line says how many rounds ran).
BUDGET_S = 30


def _measure() -> dict[str, Any]:
    """Runs inside the subprocess: Django set up on the benchmark's database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qinfo.settings")
    import django

    django.setup()
    from qinfo.dashboards.source import django_source
    from qinfo.dashboards.values import years
    from qinfo.indicators import all as _all  # noqa: F401  (registers every indicator)
    from qinfo.indicators.compute import compute
    from qinfo.indicators.frame import Cut
    from qinfo.indicators.registry import INDICATORS

    year_be = years()[0]
    cuts = {"year": Cut(year_be), "term1": Cut(year_be, term=1), "term2": Cut(year_be, term=2)}
    compute(django_source(), cuts["year"], [next(iter(INDICATORS))])  # imports, connection
    rounds: list[float] = []
    by_period: dict[str, list[float]] = {name: [] for name in cuts}
    rows: dict[str, int] = {}
    while len(rounds) < RUNS and (not rounds or sum(rounds) < BUDGET_S):
        started = time.perf_counter()
        for name, cut in cuts.items():
            began = time.perf_counter()
            frame = compute(django_source(), cut)
            by_period[name].append(time.perf_counter() - began)
            rows[name] = len(frame)
        rounds.append(time.perf_counter() - started)
    computed = {code for code in frame["indicator"].unique()}
    return {
        "seconds": round(statistics.median(rounds), 3),
        "first_round_s": round(rounds[0], 3),
        **{f"{name}_s": round(statistics.median(times), 3) for name, times in by_period.items()},
        "year_be": year_be,
        "indicators": len(INDICATORS),
        "indicators_with_rows_term2": len(computed),
        **{f"rows_{name}": n for name, n in rows.items()},
        "runs": len(rounds),
    }


@benchmark(
    name="indicators-city",
    description=(
        "every indicator for the whole municipality (Phuket demo), cold, cache bypassed: the "
        "current year, its term 1 and its term 2; median of up to 5 rounds after a warm-up"
    ),
    metric="seconds",
    unit="s",
    target=1,
)
def indicators_city(database: BenchDatabase) -> float:
    figures = measure_on_phuket(database, "bench.indicators_city", "indicators-city")
    return float(figures["seconds"])


if __name__ == "__main__":
    print(json.dumps(_measure()))
