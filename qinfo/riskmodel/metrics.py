"""How good a risk score is (docs/definitions.md §17, "The evaluation harness").

Pure functions of arrays: `y` is 1 for an at-risk row and 0 otherwise, `p` a probability of being
at risk, `yhat` a 0/1 prediction, `score` anything that ranks rows (higher = more at risk). Each
returns NaN where the figure is undefined (an AUC with one class only, a recall with no at-risk
row), never raises on such data: an evaluation fold may legitimately lack one class.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

NAN = float("nan")


def _vector(values: ArrayLike, *, kind: type = float) -> NDArray[Any]:
    array: NDArray[Any] = np.asarray(values, dtype=kind)
    if array.ndim != 1:
        raise ValueError("expected a one-dimensional array")
    return array


def _pair(y: ArrayLike, other: ArrayLike) -> tuple[NDArray[Any], NDArray[Any]]:
    a, b = _vector(y), _vector(other)
    if a.shape != b.shape:
        raise ValueError(f"lengths differ: {a.shape[0]} labels, {b.shape[0]} values")
    return a, b


def auc(y: ArrayLike, p: ArrayLike) -> float:
    """Area under the ROC curve: the chance that a random at-risk row scores higher than a random
    other row, ties counting one half. NaN when either class is absent."""
    from scipy.stats import rankdata

    labels, scores = _pair(y, p)
    positives = labels == 1
    n1 = int(positives.sum())
    n0 = labels.size - n1
    if n1 == 0 or n0 == 0:
        return NAN
    # Mann–Whitney: the rank sum of the at-risk rows, average ranks for ties.
    ranks = rankdata(scores)
    return float((ranks[positives].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def accuracy(y: ArrayLike, yhat: ArrayLike) -> float:
    """Share of rows predicted correctly (PCC of Cortez & Silva, as a fraction 0–1)."""
    labels, predicted = _pair(y, yhat)
    if labels.size == 0:
        return NAN
    return float(np.mean(labels == predicted))


def brier(y: ArrayLike, p: ArrayLike) -> float:
    """Mean squared difference between the probability and the outcome (0 is perfect)."""
    labels, probabilities = _pair(y, p)
    if labels.size == 0:
        return NAN
    return float(np.mean((probabilities - labels) ** 2))


def top_k(score: ArrayLike, k: int) -> NDArray[np.intp]:
    """Indices of the k highest scores; ties go to the earlier row (a stable, documented order)."""
    values = _vector(score)
    order = np.argsort(-values, kind="stable")
    return order[: max(0, min(int(k), values.size))]


def precision_recall_at_k(y: ArrayLike, score: ArrayLike, k: int) -> tuple[float, float]:
    """Staff can follow k children: of the k highest scores, the share truly at risk (precision)
    and the share of all at-risk rows among them (recall); k beyond the table means all rows."""
    labels, _ = _pair(y, score)
    if k <= 0:
        raise ValueError("k must be at least 1")
    chosen = top_k(score, k)
    hits = float(labels[chosen].sum())
    positives = float(labels.sum())
    precision = hits / chosen.size if chosen.size else NAN
    recall = hits / positives if positives else NAN
    return precision, recall


def calibration_table(y: ArrayLike, p: ArrayLike, bins: int = 10) -> list[dict[str, float | int]]:
    """Equal-width probability bins [0, 1/bins), …, [1 - 1/bins, 1] (the last one closed); one
    dict per non-empty bin: low, high, n, mean predicted probability, observed at-risk rate."""
    labels, probabilities = _pair(y, p)
    if bins < 1:
        raise ValueError("bins must be at least 1")
    index = np.clip(np.floor(probabilities * bins).astype(int), 0, bins - 1)
    table: list[dict[str, float | int]] = []
    for b in range(bins):
        member = index == b
        n = int(member.sum())
        if n == 0:
            continue
        table.append(
            {
                "low": b / bins,
                "high": (b + 1) / bins,
                "n": n,
                "predicted": float(probabilities[member].mean()),
                "observed": float(labels[member].mean()),
            }
        )
    return table


def group_error_rates(
    y: ArrayLike, yhat: ArrayLike, groups: Sequence[Any] | ArrayLike
) -> dict[str, dict[str, float | int]]:
    """Per value of `groups`: n, false-positive rate (share of the not-at-risk rows flagged) and
    false-negative rate (share of the at-risk rows missed); NaN where the group lacks the class.
    Computed with fairlearn's MetricFrame; keys are the group values as text."""
    from fairlearn.metrics import MetricFrame, count

    labels, predicted = _pair(y, yhat)
    members = np.asarray(groups, dtype=object)
    if members.shape != labels.shape:
        raise ValueError("groups must have one value per row")
    frame = MetricFrame(
        metrics={"n": count, "fpr": _fpr, "fnr": _fnr},
        y_true=labels.astype(int),
        y_pred=predicted.astype(int),
        sensitive_features=[str(m) for m in members],
    )
    by_group = frame.by_group
    return {
        str(name): {
            "n": int(row["n"]),
            "false_positive_rate": float(row["fpr"]),
            "false_negative_rate": float(row["fnr"]),
        }
        for name, row in by_group.iterrows()
    }


def _fpr(y_true: NDArray[Any], y_pred: NDArray[Any]) -> float:
    negatives = y_true == 0
    return float(np.mean(y_pred[negatives] == 1)) if negatives.any() else NAN


def _fnr(y_true: NDArray[Any], y_pred: NDArray[Any]) -> float:
    positives = y_true == 1
    return float(np.mean(y_pred[positives] == 0)) if positives.any() else NAN


def finite_or_none(value: float) -> float | None:
    """JSON has no NaN: undefined figures are written as null."""
    return None if value is None or math.isnan(value) else float(value)
