"""How long `qinfo demo --no-serve` takes to build a municipality, in a fresh database.

The build runs in a subprocess, as a person would run it, and is timed by the wall clock. Today is
fixed (FIXED_TODAY), so every run builds the same data: three complete years and the current one up
to late November, about 7 million attendance marks at Phuket scale.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from typing import Any

from bench.databases import BenchDatabase
from bench.registry import benchmark

FIXED_TODAY = "2026-11-20"


def time_demo_build(database: BenchDatabase, scale: str) -> float:
    command = [
        sys.executable, "-m", "qinfo.cli", "demo", "--no-serve", "--scale", scale, "--seed", "1",
        "--today", FIXED_TODAY,
    ]  # fmt: skip
    if database.sqlite_path:
        command += ["--db", str(database.sqlite_path)]
    started = time.perf_counter()
    finished = subprocess.run(command, env=database.env(), capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if finished.returncode != 0:
        raise RuntimeError(f"the demo build failed:\n{finished.stdout}\n{finished.stderr}")
    return seconds


@benchmark(
    name="demo-small",
    description="qinfo demo --no-serve --scale small: 2 schools, about 800 students",
    metric="build_seconds",
    unit="s",
    target=60,
)
def demo_small(database: BenchDatabase) -> float:
    return time_demo_build(database, "small")


@benchmark(
    name="demo-phuket",
    description="qinfo demo --no-serve (Phuket scale): 7 schools, about 9,700 students",
    metric="build_seconds",
    unit="s",
    target=300,
)
def demo_phuket(database: BenchDatabase) -> float:
    return time_demo_build(database, "phuket")


def measure_on_phuket(database: BenchDatabase, module: str, name: str) -> dict[str, Any]:
    """Builds the Phuket demo, then runs ``python -m module`` on it (Django set up there, as a
    worker or a server would be) and answers the JSON of its last line of output."""
    time_demo_build(database, "phuket")
    env = {**database.env(), "QINFO_DEMO": "1"}
    if database.sqlite_path:
        env["QINFO_DB"] = str(database.sqlite_path)
    done = subprocess.run([sys.executable, "-m", module], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{name} failed:\n{done.stdout}\n{done.stderr}")
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    print(json.dumps({name: figures}), file=sys.stderr)
    return figures
