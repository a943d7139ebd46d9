"""The harness's metrics against independent, obviously-correct oracles (plain loops)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qinfo.riskmodel import metrics

labels = st.lists(st.integers(0, 1), min_size=1, max_size=40)
# Scores on a coarse grid so that ties happen often.
grid = st.integers(0, 10).map(lambda i: i / 10)


@st.composite
def labelled(draw: st.DrawFn) -> tuple[list[int], list[float]]:
    y = draw(labels)
    p = draw(st.lists(grid, min_size=len(y), max_size=len(y)))
    return y, p


def auc_oracle(y: list[int], p: list[float]) -> float:
    pos = [s for s, t in zip(p, y, strict=True) if t == 1]
    neg = [s for s, t in zip(p, y, strict=True) if t == 0]
    if not pos or not neg:
        return math.nan
    wins = sum(1.0 if a > b else 0.5 if a == b else 0.0 for a in pos for b in neg)
    return wins / (len(pos) * len(neg))


@settings(max_examples=200, deadline=None)
@given(labelled())
def test_auc_is_the_chance_a_positive_outranks_a_negative(
    case: tuple[list[int], list[float]],
) -> None:
    y, p = case
    expected, got = auc_oracle(y, p), metrics.auc(y, p)
    assert (math.isnan(expected) and math.isnan(got)) or got == pytest.approx(expected)


@settings(max_examples=200, deadline=None)
@given(labelled())
def test_accuracy_and_brier(case: tuple[list[int], list[float]]) -> None:
    y, p = case
    yhat = [1 if s >= 0.5 else 0 for s in p]
    right = 0
    squares = 0.0
    for t, h, s in zip(y, yhat, p, strict=True):
        right += t == h
        squares += (s - t) ** 2
    assert metrics.accuracy(y, yhat) == pytest.approx(right / len(y))
    assert metrics.brier(y, p) == pytest.approx(squares / len(y))


@settings(max_examples=200, deadline=None)
@given(labelled(), st.integers(1, 50))
def test_precision_recall_at_k(case: tuple[list[int], list[float]], k: int) -> None:
    y, p = case
    # Oracle: sort the rows by score, highest first, the earlier row first among equal scores.
    ranked = sorted(range(len(y)), key=lambda i: (-p[i], i))[:k]
    hits = sum(y[i] for i in ranked)
    precision, recall = metrics.precision_recall_at_k(y, p, k)
    assert precision == pytest.approx(hits / len(ranked))
    if sum(y):
        assert recall == pytest.approx(hits / sum(y))
    else:
        assert math.isnan(recall)


def test_precision_at_k_needs_a_positive_k() -> None:
    with pytest.raises(ValueError):
        metrics.precision_recall_at_k([0, 1], [0.1, 0.2], 0)


@settings(max_examples=200, deadline=None)
@given(labelled(), st.integers(1, 12))
def test_calibration_table(case: tuple[list[int], list[float]], bins: int) -> None:
    y, p = case
    table = metrics.calibration_table(y, p, bins=bins)
    assert sum(row["n"] for row in table) == len(y)
    for row in table:
        b = round(row["low"] * bins)
        last = b == bins - 1
        members = [
            i for i, s in enumerate(p) if b / bins <= s < (b + 1) / bins or (last and s == 1.0)
        ]
        assert row["n"] == len(members)
        assert row["predicted"] == pytest.approx(sum(p[i] for i in members) / len(members))
        assert row["observed"] == pytest.approx(sum(y[i] for i in members) / len(members))
        assert row["low"] - 1e-9 <= row["predicted"] <= row["high"] + 1e-9


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 1), st.integers(0, 1), st.sampled_from(["F", "M", "X"])),
        min_size=1,
        max_size=40,
    )
)
def test_group_error_rates(rows: list[tuple[int, int, str]]) -> None:
    y = [r[0] for r in rows]
    yhat = [r[1] for r in rows]
    groups = [r[2] for r in rows]
    got = metrics.group_error_rates(y, yhat, groups)
    assert set(got) == set(groups)
    for g, figures in got.items():
        mine = [r for r in rows if r[2] == g]
        negatives = [r for r in mine if r[0] == 0]
        positives = [r for r in mine if r[0] == 1]
        assert figures["n"] == len(mine)
        fpr = figures["false_positive_rate"]
        fnr = figures["false_negative_rate"]
        if negatives:
            assert fpr == pytest.approx(sum(r[1] for r in negatives) / len(negatives))
        else:
            assert math.isnan(fpr)
        if positives:
            assert fnr == pytest.approx(sum(1 - r[1] for r in positives) / len(positives))
        else:
            assert math.isnan(fnr)


def test_undefined_figures_are_nan_and_lengths_must_agree() -> None:
    assert math.isnan(metrics.auc([1, 1], [0.2, 0.3]))
    assert math.isnan(metrics.accuracy([], []))
    with pytest.raises(ValueError):
        metrics.brier([0, 1], [0.5])
    assert metrics.finite_or_none(float("nan")) is None
    assert metrics.finite_or_none(np.float64(0.25)) == 0.25
