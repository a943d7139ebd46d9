"""The evaluation harness: the project's models and its baselines judged on any student table
(docs/definitions.md §17 "The evaluation harness", docs/risk-evaluation.md).

Protocols:
- "cv": repeated stratified k-fold cross-validation (scikit-learn's RepeatedStratifiedKFold, fixed
  seed): every row is predicted once per repetition by a model that never saw it.
- "temporal": train on the rows whose `time` value is earlier than the latest one, test on the
  latest (one split: the backtest of a model trained on earlier years).

Each figure is computed on each test fold and averaged over the folds weighted by their number of
rows (so accuracy and Brier equal their value over all out-of-fold predictions of a repetition,
averaged over the repetitions). Calibration tables and per-group error rates pool every
out-of-fold prediction.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from threadpoolctl import threadpool_limits

from qinfo.riskmodel import metrics
from qinfo.riskmodel.dataset import DatasetError
from qinfo.riskmodel.estimators import NAMES, make_estimator

PROTOCOLS = ("cv", "temporal")
THRESHOLD = 0.5  # a probability at or above it predicts "at risk"
SELECTION_RULE = (
    "the project model (not a baseline) with the highest mean accuracy; ties go to the higher "
    "AUC, then to the earlier name in (" + ", ".join(NAMES) + ")"
)


@dataclass(frozen=True)
class Task:
    """What to evaluate: features X, label y (1 = at risk), optional naive marks, group columns
    (name -> one value per row) and time values (for the temporal protocol)."""

    X: pd.DataFrame
    y: NDArray[np.int_]
    naive: NDArray[np.bool_] | None = None
    naive_text: str = ""
    groups: dict[str, NDArray[Any]] = field(default_factory=dict)
    time: NDArray[Any] | None = None


@dataclass
class _Tally:
    """Out-of-fold results of one model, fold by fold."""

    weights: list[int] = field(default_factory=list)
    figures: dict[str, list[float]] = field(default_factory=dict)
    y: list[NDArray[Any]] = field(default_factory=list)
    p: list[NDArray[Any]] = field(default_factory=list)
    rows: list[NDArray[Any]] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, y: NDArray[Any], p: NDArray[Any], rows: NDArray[Any], k: int | None) -> None:
        yhat = (p >= THRESHOLD).astype(int)
        at_k = k if k is not None else max(1, int(y.sum()))
        precision, recall = metrics.precision_recall_at_k(y, p, at_k)
        fold = {
            "accuracy": metrics.accuracy(y, yhat),
            "auc": metrics.auc(y, p),
            "brier": metrics.brier(y, p),
            "precision_at_k": precision,
            "recall_at_k": recall,
            "k": float(at_k),
        }
        for name, value in fold.items():
            self.figures.setdefault(name, []).append(value)
        self.weights.append(len(y))
        self.y.append(y)
        self.p.append(p)
        self.rows.append(rows)


def splits(
    task: Task, protocol: str, *, folds: int, repeats: int, seed: int
) -> Iterator[tuple[NDArray[np.intp], NDArray[np.intp]]]:
    """The (train, test) row positions of the protocol; DatasetError if it cannot be run."""
    y = task.y
    if protocol == "temporal":
        if task.time is None:
            raise DatasetError(
                "โปรโตคอล temporal ต้องระบุ --time COL", "the temporal protocol needs --time COL"
            )
        when = pd.Series(task.time)
        latest = when.max()
        test = np.flatnonzero((when == latest).to_numpy())
        train = np.flatnonzero((when < latest).to_numpy())
        if train.size == 0 or len(set(y[train])) < 2:
            raise DatasetError(
                f"ไม่มีข้อมูลก่อน {latest} ที่มีทั้งกลุ่มเสี่ยงและไม่เสี่ยงไว้ฝึกแบบจำลอง",
                f"no earlier rows than {latest} with both at-risk and other rows to train on",
            )
        yield train, test
        return
    from sklearn.model_selection import RepeatedStratifiedKFold

    smallest = int(min(y.sum(), len(y) - y.sum()))
    if folds < 2 or repeats < 1:
        raise DatasetError(
            "--folds ต้องอย่างน้อย 2 และ --repeats อย่างน้อย 1",
            "--folds must be at least 2 and --repeats at least 1",
        )
    if smallest < folds:
        raise DatasetError(
            f"กลุ่มที่เล็กที่สุดมีเพียง {smallest} แถว น้อยกว่าจำนวน fold ({folds}): ลด --folds",
            f"the smaller class has only {smallest} rows, fewer than --folds {folds}: lower it",
        )
    cv = RepeatedStratifiedKFold(n_splits=folds, n_repeats=repeats, random_state=seed)
    yield from cv.split(np.zeros(len(y)), y)


def _naive(task: Task) -> Callable[[NDArray[np.intp], NDArray[np.intp]], NDArray[np.float64]]:
    def predict(train: NDArray[np.intp], test: NDArray[np.intp]) -> NDArray[np.float64]:
        if task.naive is not None:
            return task.naive[test].astype(float)
        majority = float(task.y[train].mean() > 0.5)  # the training fold's majority class
        return np.full(len(test), majority)

    return predict


def _learned(name: str, task: Task, seed: int) -> Callable[..., NDArray[np.float64]]:
    def predict(train: NDArray[np.intp], test: NDArray[np.intp]) -> NDArray[np.float64]:
        model = make_estimator(name, seed=seed)
        model.fit(task.X.iloc[train], task.y[train])
        return np.asarray(model.predict_proba(task.X.iloc[test])[:, 1], dtype=float)

    return predict


def evaluate(
    task: Task,
    *,
    protocol: str = "cv",
    folds: int = 10,
    repeats: int = 20,
    seed: int = 0,
    k: int | None = None,
    models: Sequence[str] = NAMES,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """The report: {"selected", "selection_rule", "models": [...]}, as the JSON of the CLI."""
    if protocol not in PROTOCOLS:
        raise DatasetError(f"ไม่รู้จักโปรโตคอล {protocol}", f"unknown protocol {protocol!r}")
    predictors: dict[str, Callable[..., NDArray[np.float64]]] = {
        name: _learned(name, task, seed) for name in models
    }
    predictors["naive"] = _naive(task)
    tallies = {name: _Tally() for name in predictors}
    runs = splits(task, protocol, folds=folds, repeats=repeats, seed=seed)
    with threadpool_limits(1):  # many small fits: BLAS threads would only fight each other
        for count, (train, test) in enumerate(runs, start=1):
            for name, predict in predictors.items():
                started = time.perf_counter()
                p = predict(train, test)
                tallies[name].seconds += time.perf_counter() - started
                tallies[name].add(task.y[test], p, test, k)
            if progress and protocol == "cv" and count % folds == 0:
                progress(f"repetition {count // folds}/{repeats}")
    passes = repeats if protocol == "cv" else 1
    reports = [
        _summary(name, tallies[name], task, passes, name not in models) for name in predictors
    ]
    for report in reports:
        if report["name"] == "naive":
            report["rule"] = task.naive_text or "majority class of the training rows"
    return {"selected": select(reports), "selection_rule": SELECTION_RULE, "models": reports}


def select(reports: Sequence[dict[str, Any]]) -> str | None:
    """The selection rule (SELECTION_RULE) over the model reports (None without a project model)."""
    candidates = [r for r in reports if r["kind"] == "project"]
    if not candidates:
        return None

    def key(report: dict[str, Any]) -> tuple[float, float, int]:
        auc = report["auc"] if report["auc"] is not None else -1.0
        return (-report["accuracy"], -auc, NAMES.index(report["name"]))

    return str(min(candidates, key=key)["name"])


def _summary(name: str, tally: _Tally, task: Task, passes: int, baseline: bool) -> dict[str, Any]:
    weights = np.asarray(tally.weights, dtype=float)
    report: dict[str, Any] = {"name": name, "kind": "baseline" if baseline else "project"}
    for figure, values in tally.figures.items():
        array: NDArray[np.float64] = np.asarray(values, dtype=float)
        ok = ~np.isnan(array)
        mean = float(np.average(array[ok], weights=weights[ok])) if ok.any() else float("nan")
        report[figure] = metrics.finite_or_none(mean)
        spread = float(np.std(array[ok])) if ok.any() else float("nan")
        report[f"{figure}_sd"] = metrics.finite_or_none(spread)
    report["pcc"] = round(100 * report["accuracy"], 2) if report["accuracy"] is not None else None
    y, p = np.concatenate(tally.y), np.concatenate(tally.p)
    rows = np.concatenate(tally.rows)
    report["calibration"] = metrics.calibration_table(y, p)
    yhat = (p >= THRESHOLD).astype(int)
    groups: dict[str, Any] = {}
    for column, members in task.groups.items():
        table: dict[str, dict[str, Any]] = dict(metrics.group_error_rates(y, yhat, members[rows]))
        for entry in table.values():
            entry["n"] = int(entry["n"]) // passes  # each row is predicted once per repetition
            for rate in ("false_positive_rate", "false_negative_rate"):
                entry[rate] = metrics.finite_or_none(entry[rate])
        groups[column] = table
    report["groups"] = groups
    report["folds_evaluated"] = len(weights)
    report["seconds"] = round(tally.seconds, 2)
    return report
