"""The benchmarks qinfo knows. A new benchmark is a function registered with @benchmark in a
module named in MODULES."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from bench.databases import BenchDatabase

#: Modules that register benchmarks; importing them fills the registry.
MODULES = (
    "bench.demo_build",
    "bench.roll_call",
    "bench.child_page",
    "bench.risk_nightly",
    "bench.risk_national",
    "bench.dashboard_load",
    "bench.indicators_city",
    "bench.indicators_national",
)


@dataclass(frozen=True)
class Benchmark:
    name: str
    description: str
    metric: str
    unit: str
    target: float
    run: Callable[[BenchDatabase], float]
    lower_is_better: bool = True

    def met(self, value: float) -> bool:
        return value < self.target if self.lower_is_better else value > self.target


_REGISTRY: dict[str, Benchmark] = {}


def benchmark(
    *,
    name: str,
    description: str,
    metric: str,
    unit: str,
    target: float,
    lower_is_better: bool = True,
) -> Callable[[Callable[[BenchDatabase], float]], Callable[[BenchDatabase], float]]:
    def register(run: Callable[[BenchDatabase], float]) -> Callable[[BenchDatabase], float]:
        if name in _REGISTRY:
            raise ValueError(f"benchmark {name!r} is registered twice")
        _REGISTRY[name] = Benchmark(name, description, metric, unit, target, run, lower_is_better)
        return run

    return register


def all_benchmarks() -> dict[str, Benchmark]:
    for module in MODULES:
        importlib.import_module(module)
    return dict(sorted(_REGISTRY.items()))
