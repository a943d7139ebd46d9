"""How long `qinfo demo --no-serve` takes to build a municipality, in a fresh database.

The build runs in a subprocess, as a person would run it, and is timed by the wall clock. Today is
fixed (FIXED_TODAY), so every run builds the same data: three complete years and the current one up
to late November, about 7 million attendance marks at Phuket scale.
"""

from __future__ import annotations

import subprocess
import sys
import time

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
