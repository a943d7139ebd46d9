"""``risk-national``: a country's nightly scoring, from attendance marks to scores.

1,000,000 students with one academic year of daily attendance (200 school days: 200 million
marks, an int8 status matrix in columnar form, ``qinfo.riskmodel.columnar_population``) and the
other indicators drawn from the same latent risk. Timed: the attendance indicators computed from
the marks (``qinfo.riskmodel.columnar.attendance_indicators``), the indicator frame, the active
rules (the seeded rule set, ``qinfo.riskmodel.rules.evaluate_rules``) and their levels, and the
learned model's probabilities (a LightGBM model trained beforehand on a separate synthetic sample,
stored as text and loaded back, ``qinfo.riskmodel.serialise``), chunk by chunk. Not timed, and
reported apart: generating the population and training the model. Targets: 60 s, 8 GiB of peak
resident memory (``resource.getrusage``) for the whole process, generation included.

It needs no database: the run goes in a fresh subprocess (``python -m bench.risk_national``) so
that the peak memory is this work's alone; the ``BenchDatabase`` is not used. Two benchmarks
read the same run: ``risk-national`` (seconds) and ``risk-national-memory`` (GiB).
"""

from __future__ import annotations

import importlib
import json
import resource
import sys
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from bench.databases import BenchDatabase, run_module
from bench.registry import benchmark

STUDENTS = 1_000_000
TRAIN_STUDENTS = 60_000
SEED = 2569


@dataclass
class Scores:
    levels: np.ndarray  # int8 rank per student: 0 normal, 1 at risk, 2 problem
    probability: np.ndarray  # float32 per student
    fired: int = 0  # rules fired in all


def seeded_rules() -> list[Any]:
    """The rule set that the database seeds (migration risk/0002), as RuleSpecs."""
    from qinfo.riskmodel.rules import RuleSpec

    seed = importlib.import_module("qinfo.risk.migrations.0002_seed_rules")
    return [
        RuleSpec(code, th, en, indicator, operator, float(threshold), severity, dimension, hard)
        for code, th, en, indicator, operator, threshold, severity, dimension, hard in seed.RULES
    ]


def indicator_frame(chunk: Any) -> pd.DataFrame:
    """Indicators of one chunk: attendance from its marks, the others as generated."""
    from qinfo.riskmodel import columnar
    from qinfo.riskmodel.columnar_population import calendar
    from qinfo.riskmodel.features import NAMES

    attendance = columnar.attendance_indicators(chunk.marks, calendar(chunk.marks.shape[1]))
    frame = chunk.other.copy(deep=False)
    for name, values in attendance.items():
        frame[name] = values
    return frame[list(NAMES)]


def train_model() -> Any:
    """A GBM trained on a separate synthetic sample, calibrated on a held-out part, stored as
    text and loaded back as the nightly scoring would."""
    from qinfo.riskmodel.columnar_population import generate
    from qinfo.riskmodel.features import NAMES
    from qinfo.riskmodel.serialise import dump_model, from_estimator, load_model
    from qinfo.riskmodel.training import fit_calibration, make

    chunks = list(generate(TRAIN_STUDENTS, seed=SEED + 1, chunk=TRAIN_STUDENTS))
    frame = indicator_frame(chunks[0])
    label = chunks[0].other["label"].to_numpy(dtype=int)
    cut = len(frame) * 3 // 4
    estimator = make("gbm", 0).fit(frame.iloc[:cut], label[:cut])
    fitted = from_estimator(estimator, list(NAMES))
    fitted.calibration = fit_calibration(fitted.raw_score(frame.iloc[cut:]), label[cut:])
    return load_model(dump_model(fitted))


def score_chunk(frame: pd.DataFrame, rules: list[Any], model: Any) -> tuple[Any, np.ndarray]:
    """The scoring step: the rules' verdicts (levels and fired rules) and the model's
    probabilities, for one frame of indicators."""
    from qinfo.riskmodel.rules import evaluate_rules

    return evaluate_rules(frame, rules), model.predict_proba(frame)


def run_national(students: int = STUDENTS) -> dict[str, Any]:
    from qinfo.riskmodel.columnar_population import generate
    from qinfo.riskmodel.rules import RANK

    started = time.perf_counter()
    population = list(generate(students, seed=SEED))
    generated = time.perf_counter() - started
    marks = sum(int(np.count_nonzero(c.marks)) for c in population)
    started = time.perf_counter()
    rules = seeded_rules()
    model = train_model()
    trained = time.perf_counter() - started

    scores = Scores(np.zeros(students, np.int8), np.zeros(students, np.float32))
    started = time.perf_counter()
    for chunk in population:
        frame = indicator_frame(chunk)
        verdicts, probability = score_chunk(frame, rules, model)
        rows = slice(chunk.start, chunk.start + len(frame))
        scores.levels[rows] = verdicts.levels.map(RANK).to_numpy(dtype=np.int8)
        scores.probability[rows] = probability
        scores.fired += sum(len(f) for f in verdicts.fired)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 2**30  # KiB on Linux
    counts = np.bincount(scores.levels, minlength=3)
    return {
        "students": students,
        "marks": marks,
        "seconds": round(seconds, 2),
        "peak_gib": round(peak, 2),
        "generate_seconds": round(generated, 2),
        "train_seconds": round(trained, 2),
        "levels": {"normal": int(counts[0]), "at_risk": int(counts[1]), "problem": int(counts[2])},
        "rules_fired": scores.fired,
        "mean_probability": round(float(scores.probability.mean()), 4),
    }


def _measure(database: BenchDatabase) -> dict[str, Any]:
    return run_module(database, "bench.risk_national")


@benchmark(
    name="risk-national",
    description=(
        "1,000,000 students with one year of daily attendance (200 million marks, columnar): "
        "attendance indicators, rules and levels, and model probabilities, in seconds "
        "(generation and training not counted; no database)"
    ),
    metric="seconds, marks to scores, 1M students",
    unit="s",
    target=60,
)
def risk_national(database: BenchDatabase) -> float:
    return float(_measure(database)["seconds"])


@benchmark(
    name="risk-national-memory",
    description=(
        "the peak resident memory of the risk-national run, generation of the 200 million "
        "marks included (resource.getrusage)"
    ),
    metric="peak memory, 1M students",
    unit="GiB",
    target=8,
)
def risk_national_memory(database: BenchDatabase) -> float:
    return float(_measure(database)["peak_gib"])


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else STUDENTS
    print(json.dumps(run_national(count)), flush=True)
