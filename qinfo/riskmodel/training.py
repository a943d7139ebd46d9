"""Train on the network's own history, back-test against the rules, write the card
(docs/definitions.md §17, "The network's model").

``backtest(examples, rules)`` takes one row per child and as-of date: the indicator columns, the
label (1: did not continue in school within 12 months), the ``as_of`` date and the group columns
``sex`` and ``extremely_poor``. The rows of the latest as-of date are the held-out test; the model
learns from the earlier ones only.

Calibration is time-honest: a model fitted on the training dates before the last one scores the
last training date, and Platt's sigmoid (or isotonic regression) maps those raw scores to the
observed outcomes; the final model is then fitted on all training dates and keeps that mapping.
With a single training date the raw scores come from 5-fold cross-fitting within it. The
sigmoid is strictly increasing, so calibration never changes the ranking (AUC, top k).

The rules are judged on the same held-out rows: their ordinal score is the level's rank, then
the number of rules that fired; their probability (for the Brier score and the calibration table)
is the share of training children of the same level who did not continue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from qinfo.riskmodel import card as cards
from qinfo.riskmodel import metrics
from qinfo.riskmodel.estimators import make_estimator
from qinfo.riskmodel.features import NAMES
from qinfo.riskmodel.rules import RANK, RuleSpec, evaluate_rules
from qinfo.riskmodel.serialise import Calibration, FittedRisk, from_estimator

LABEL, AS_OF = "label", "as_of"
CANDIDATE, BASELINE = "gbm", "logistic"


@dataclass(frozen=True)
class Backtest:
    """What training produced: the candidate, its baseline, the card and the gate's verdict."""

    model: FittedRisk
    logistic: FittedRisk
    card: dict[str, Any]
    active: bool
    workload_k: int
    threshold: float


def make(name: str, seed: int) -> Any:
    """The project's estimator ``name`` (qinfo.riskmodel.estimators), keeping a feature that is
    unknown for every training row (its imputed value is then 0), so that the stored model always
    takes the same columns."""
    estimator = make_estimator(name, seed=seed)
    keep = {k: True for k in estimator.get_params() if k.endswith("keep_empty_features")}
    return estimator.set_params(**keep) if keep else estimator


def fit_calibration(raw: np.ndarray, y: np.ndarray, method: str = "sigmoid") -> Calibration:
    """Platt's sigmoid or an isotonic step function from raw scores to outcomes."""
    if len(np.unique(y)) < 2:
        return Calibration()
    if method == "isotonic":
        iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(raw, y)
        return Calibration(
            "isotonic",
            knots_x=tuple(float(v) for v in iso.X_thresholds_),
            knots_y=tuple(float(v) for v in iso.y_thresholds_),
        )
    platt = LogisticRegression(C=1e6, max_iter=1000).fit(raw.reshape(-1, 1), y)
    return Calibration("sigmoid", a=float(platt.coef_[0, 0]), b=float(platt.intercept_[0]))


def _fit(name: str, frame: pd.DataFrame, features: list[str], seed: int) -> FittedRisk:
    estimator = make(name, seed).fit(frame[features], frame[LABEL].to_numpy(dtype=int))
    return from_estimator(estimator, features)


def calibration_scores(
    name: str, train: pd.DataFrame, features: list[str], seed: int
) -> tuple[np.ndarray, np.ndarray, str]:
    """Honest raw scores for fitting the calibration, their labels, and how they were made."""
    dates = sorted(train[AS_OF].unique())
    y = train[LABEL].to_numpy(dtype=int)
    if len(dates) >= 2:
        earlier, last = train[train[AS_OF] < dates[-1]], train[train[AS_OF] == dates[-1]]
        raw = _fit(name, earlier, features, seed).raw_score(last)
        return raw, last[LABEL].to_numpy(dtype=int), f"forward: scored {_iso(dates[-1])}"
    folds = max(2, min(5, int(y.sum()), int(len(y) - y.sum())))
    raw = np.zeros(len(train))
    for fit_rows, score_rows in StratifiedKFold(folds, shuffle=True, random_state=seed).split(
        train, y
    ):
        model = _fit(name, train.iloc[fit_rows], features, seed)
        raw[score_rows] = model.raw_score(train.iloc[score_rows])
    return raw, y, f"{folds}-fold cross-fitting within {_iso(dates[0])}"


def fit_calibrated(
    name: str, train: pd.DataFrame, features: list[str], *, seed: int = 0, method: str = "sigmoid"
) -> tuple[FittedRisk, str]:
    raw, y, how = calibration_scores(name, train, features, seed)
    fitted = _fit(name, train, features, seed)
    fitted.calibration = fit_calibration(raw, y, method)
    return fitted, how


def rules_side(
    train: pd.DataFrame, test: pd.DataFrame, rules: Sequence[RuleSpec]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ordinal score, flagged, probability) of the rules on the test rows."""

    def judged(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        verdicts = evaluate_rules(frame, rules)
        rank = verdicts.levels.map(RANK).to_numpy(dtype=float)
        count = np.array([len(f) for f in verdicts.fired], dtype=float)
        return rank, rank * (len(rules) + 1) + count

    train_rank, _ = judged(train)
    test_rank, ordinal = judged(test)
    y = train[LABEL].to_numpy(dtype=float)
    overall = float(y.mean()) if len(y) else 0.0
    rate = {r: float(y[train_rank == r].mean()) if (train_rank == r).any() else overall
            for r in RANK.values()}  # fmt: skip
    probability = np.array([rate[int(r)] for r in test_rank])
    return ordinal, (test_rank > 0).astype(int), probability


def side_metrics(y: np.ndarray, score: np.ndarray, p: np.ndarray, k: int) -> dict[str, Any]:
    precision, recall = metrics.precision_recall_at_k(y, score, k)
    return {
        "auc": metrics.finite_or_none(metrics.auc(y, score)),
        "brier": metrics.finite_or_none(metrics.brier(y, p)),
        "precision_at_k": metrics.finite_or_none(precision),
        "recall_at_k": metrics.finite_or_none(recall),
        "calibration": metrics.calibration_table(y, p),
    }


def flags_at(score: np.ndarray, k: int) -> np.ndarray:
    flagged = np.zeros(len(score), dtype=int)
    flagged[metrics.top_k(score, k)] = 1
    return flagged


def _iso(value: Any) -> str:
    return pd.Timestamp(value).date().isoformat()


def _data(examples: pd.DataFrame, test_date: Any) -> list[dict[str, Any]]:
    rows = []
    for date, part in examples.groupby(AS_OF, sort=True):
        y = part[LABEL].to_numpy(dtype=int)
        rows.append(
            {
                "as_of": _iso(date),
                "role": "test" if date == test_date else "train",
                "n": len(part),
                "left": int(y.sum()),
                "label_rate": float(y.mean()) if len(y) else None,
            }
        )
    return rows


def importance(fitted: FittedRisk, frame: pd.DataFrame, top: int = 10) -> list[dict[str, Any]]:
    """Mean absolute contribution of each feature on the held-out rows, largest first."""
    mean_abs = np.abs(fitted.contributions(frame)[:, :-1]).mean(axis=0)
    order = np.argsort(-mean_abs, kind="stable")[:top]
    return [{"indicator": fitted.features[j], "mean_abs_effect": float(mean_abs[j])} for j in order]


def backtest(
    examples: pd.DataFrame,
    rules: Sequence[RuleSpec],
    *,
    features: Sequence[str] = NAMES,
    workload: int | None = None,
    seed: int = 0,
    calibration: str = "sigmoid",
    trained_on: dt.date | None = None,
) -> Backtest:
    """Train on the earlier as-of dates, test on the latest, and judge against the rules."""
    if examples.empty or examples[AS_OF].nunique() < 2:
        raise ValueError("training needs examples from at least two as-of dates")
    if workload is not None and workload < 1:
        raise ValueError("the workload must be at least 1 student")
    test_date = examples[AS_OF].max()
    train = examples[examples[AS_OF] < test_date]
    test = examples[examples[AS_OF] == test_date]
    if train[LABEL].nunique() < 2:
        raise ValueError("the training years need children who left and children who stayed")
    usable = [f for f in features if f in examples.columns and train[f].notna().any()]
    y = test[LABEL].to_numpy(dtype=int)

    ordinal, rule_flags, rule_p = rules_side(train, test, rules)
    flagged = int(rule_flags.sum())
    k = workload or flagged or max(1, round(0.05 * len(test)))
    k = min(k, len(test))
    fitted: dict[str, FittedRisk] = {}
    sides: dict[str, dict[str, Any]] = {}
    groups: dict[str, dict[str, Any]] = {}
    how = ""
    for name in (CANDIDATE, BASELINE):
        fitted[name], how_this = fit_calibrated(name, train, usable, seed=seed, method=calibration)
        how = how or how_this
        p = fitted[name].predict_proba(test)
        sides[name] = side_metrics(y, p, p, k)
        groups[name] = cards.fairness(y, flags_at(p, k), test)
    sides["rules"] = side_metrics(y, ordinal, rule_p, k)
    sides["rules"]["flagged"] = flagged
    groups["rules"] = cards.fairness(y, flags_at(ordinal, k), test)
    model = fitted[CANDIDATE]
    p_model = model.predict_proba(test)
    threshold = float(np.sort(p_model)[::-1][k - 1]) if len(p_model) else 1.0
    decision = cards.gate(sides[CANDIDATE], sides["rules"])
    card = {
        "date": (trained_on or dt.date.today()).isoformat(),
        "algorithm": CANDIDATE,
        "label": "did_not_continue_12_months",
        "period": {
            "train_from": _iso(train[AS_OF].min()),
            "train_to": _iso(train[AS_OF].max()),
            "test_as_of": _iso(test_date),
        },
        "data": _data(examples, test_date),
        "features": usable,
        "calibration": {"method": model.calibration.method, "fitted_on": how},
        "workload": {
            "k": k,
            "source": "stated" if workload else "rules",
            "threshold": threshold,
            "test_n": len(test),
        },
        "metrics": sides,
        "groups": groups,
        "warnings": [
            {"group": dimension, **w}
            for dimension, part in groups[CANDIDATE].items()
            for w in part["warnings"]
        ],
        "importance": importance(model, test),
        "gate": decision,
    }
    return Backtest(model, fitted[BASELINE], card, bool(decision["active"]), k, threshold)
