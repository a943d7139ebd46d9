"""How long the nightly scoring takes at Phuket scale: every enrolled child's indicators as of the
day, the rules in use, the learned model when one is active, the scores written (one transaction
replacing the day's), then the alerts brought up to date (opened, raised, escalated, delivered):
what ``qinfo risk score`` makes the worker do every night (docs/definitions.md §19).

The demo is built first (``qinfo demo --no-serve``, today fixed; it trains a model, scores today
and opens alerts); then, in a subprocess running Django on that database as the worker would, the
night before is scored once (so that the timed night has yesterday's scores to compare with, as in
real life), today's scores are removed (a night scores a day not yet scored), and the night of
FIXED_TODAY is timed by the wall clock, with each step's share.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from typing import Any

from bench.databases import BenchDatabase
from bench.demo_build import FIXED_TODAY, measure_on_phuket
from bench.registry import benchmark


def _measure() -> dict[str, float | int | str]:
    """Runs inside the subprocess: Django set up on the benchmark's database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qinfo.settings")
    import django

    django.setup()
    from qinfo.alerts import tasks
    from qinfo.risk import scoring
    from qinfo.risk.models import ModelStatus, RiskModel, RiskScore, RunStatus, ScoringRun

    today = dt.date.fromisoformat(FIXED_TODAY)
    steps: dict[str, float] = {}
    current: list[tuple[str, float]] = []  # the step under way and when it began
    plain_progress = scoring.progress

    def timed_progress(run: ScoringRun | None, **values: Any) -> None:
        step = values.get("step")
        if isinstance(step, str) and (not current or step != current[-1][0]):
            now = time.perf_counter()
            if current:
                name, began = current.pop()
                steps[name] = steps.get(name, 0.0) + now - began
            current.append((step, now))
        plain_progress(run, **values)

    # Each step's share: the scorer reports its steps through ``progress``.
    scoring.progress = timed_progress
    tasks.progress = timed_progress

    night_before = ScoringRun.objects.create(as_of=today - dt.timedelta(days=1))
    tasks.run_scoring(night_before.pk)
    steps.clear()
    current.clear()
    # The demo scored today when it was built; a night scores a day not yet scored (its rows
    # are inserted, not rewritten), so that day's scores go first (alerts keep theirs: SET_NULL).
    RiskScore.objects.filter(as_of=today).delete()
    run = ScoringRun.objects.create(as_of=today)
    started = time.perf_counter()
    result = tasks.run_scoring(run.pk)
    seconds = time.perf_counter() - started
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.message
    return {
        "seconds": round(seconds, 3),
        "students": int(result["scored"]),
        "alerts_opened": int(result["alerts"].get("opened", 0)),
        "model": "active"
        if RiskModel.objects.filter(status=ModelStatus.ACTIVE).exists()
        else "none",
        **{f"{name}_s": round(value, 3) for name, value in steps.items()},
    }


@benchmark(
    name="risk-nightly",
    description="the nightly scoring of the Phuket demo: indicators, rules, model, scores, alerts",
    metric="seconds",
    unit="s",
    target=2,
)
def risk_nightly(database: BenchDatabase) -> float:
    return float(measure_on_phuket(database, "bench.risk_nightly", "risk-nightly")["seconds"])


if __name__ == "__main__":
    print(json.dumps(_measure()))
