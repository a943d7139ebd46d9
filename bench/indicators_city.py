"""How long the whole indicator set takes for the municipality: every indicator of
``qinfo.indicators`` (``compute(source, cut)``) for the whole city of a Phuket-scale demo, on the
engine the dashboards use (DuckDB over the snapshot that ``qinfo indicators refresh`` writes;
docs/definitions.md §20), cold (Django's cache bypassed: ``compute`` is called directly, never
``indicator_frame``). The JSON line also carries the time to take the snapshot and one round on
the live database itself (SQLite or PostgreSQL) when QINFO_BENCH_LIVE_ROUND=1, for comparison
(minutes at this scale; decision 0012).

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
    from qinfo.dashboards.snapshot import refresh
    from qinfo.dashboards.source import django_source
    from qinfo.dashboards.values import years
    from qinfo.indicators import all as _all  # noqa: F401  (registers every indicator)
    from qinfo.indicators.compute import compute
    from qinfo.indicators.frame import Cut
    from qinfo.indicators.registry import INDICATORS

    year_be = years()[0]
    cuts = {"year": Cut(year_be), "term1": Cut(year_be, term=1), "term2": Cut(year_be, term=2)}
    began = time.perf_counter()
    source = refresh().source
    snapshot_s = time.perf_counter() - began
    compute(source, cuts["year"], [next(iter(INDICATORS))])  # imports, connection
    rounds: list[float] = []
    by_period: dict[str, list[float]] = {name: [] for name in cuts}
    rows: dict[str, int] = {}
    while len(rounds) < RUNS and (not rounds or sum(rounds) < BUDGET_S):
        started = time.perf_counter()
        for name, cut in cuts.items():
            began = time.perf_counter()
            frame = compute(source, cut)
            by_period[name].append(time.perf_counter() - began)
            rows[name] = len(frame)
        rounds.append(time.perf_counter() - started)
    live_round_s = None
    if os.environ.get("QINFO_BENCH_LIVE_ROUND") == "1":  # minutes at this scale: on request only
        began = time.perf_counter()
        for cut in cuts.values():
            compute(django_source(), cut)
        live_round_s = round(time.perf_counter() - began, 1)
    computed = {code for code in frame["indicator"].unique()}
    return {
        "seconds": round(statistics.median(rounds), 3),
        "first_round_s": round(rounds[0], 3),
        "snapshot_s": round(snapshot_s, 1),
        "live_round_s": live_round_s,
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
        "every indicator for the whole municipality (Phuket demo) on the dashboards' engine "
        "(DuckDB over the snapshot, opened as the server opens it: loaded into memory, the "
        "populations and marks counts of every period kept), cache bypassed: the current year, "
        "its term 1 and its term 2; median of up to 5 rounds after a warm-up (SQL compiled once "
        "per shape); taking and opening the snapshot timed apart (snapshot_s in the JSON line)"
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
