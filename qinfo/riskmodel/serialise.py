"""A fitted risk model as text, and back (docs/definitions.md §17, "The network's model").

A model is stored in ``RiskModel.artefact`` as one JSON document, never as a pickle (a pickle runs
code when it is loaded): gradient-boosted trees as LightGBM's own model string, a logistic model as
its imputation values, scaling and coefficients, and in both cases the calibration that turns the
raw score (log-odds) into a probability: Platt's sigmoid ``p = 1 / (1 + exp(-(a·raw + b)))`` or an
isotonic step function (``np.interp`` over its knots, clipped at the ends).

``FittedRisk`` answers the three questions the rest of qinfo asks: which features it needs, the
probability that each child does not continue in school within 12 months, and which indicators
raised or lowered that child's risk (``explain``; qinfo.riskmodel.explain turns them into words).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import lightgbm as lgb
import numpy as np
import pandas as pd

from qinfo.riskmodel.explain import top_factors

FORMAT = "qinfo-risk/1"


@dataclass(frozen=True)
class Calibration:
    """Raw score (log-odds) to probability. ``method`` is "sigmoid", "isotonic" or "none"."""

    method: str = "none"
    a: float = 1.0
    b: float = 0.0
    knots_x: tuple[float, ...] = ()
    knots_y: tuple[float, ...] = ()

    def __call__(self, raw: np.ndarray) -> np.ndarray:
        if self.method == "sigmoid":
            return _sigmoid(self.a * raw + self.b)
        if self.method == "isotonic":
            return np.interp(raw, np.asarray(self.knots_x), np.asarray(self.knots_y))
        return _sigmoid(raw)

    def as_dict(self) -> dict[str, Any]:
        if self.method == "sigmoid":
            return {"method": "sigmoid", "a": self.a, "b": self.b}
        if self.method == "isotonic":
            return {"method": "isotonic", "x": list(self.knots_x), "y": list(self.knots_y)}
        return {"method": "none"}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Calibration:
        method = data.get("method", "none")
        if method == "sigmoid":
            return cls("sigmoid", a=float(data["a"]), b=float(data["b"]))
        if method == "isotonic":
            return cls(
                "isotonic",
                knots_x=tuple(float(v) for v in data["x"]),
                knots_y=tuple(float(v) for v in data["y"]),
            )
        if method == "none":
            return cls()
        raise ValueError(f"unknown calibration method {method!r}")


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(x, -500, 500))), dtype=float)


class FittedRisk:
    """A fitted model: raw scores, calibrated probabilities and per-feature contributions."""

    kind = "base"

    def __init__(self, features: list[str], calibration: Calibration) -> None:
        self.features = list(features)
        self.calibration = calibration

    def matrix(self, frame: pd.DataFrame) -> np.ndarray:
        missing = [f for f in self.features if f not in frame.columns]
        if missing:
            raise ValueError(f"the frame lacks the model's features: {', '.join(missing)}")
        return frame[self.features].to_numpy(dtype=float, na_value=np.nan)

    def raw_score(self, frame: pd.DataFrame) -> np.ndarray:
        """The log-odds score before calibration (one value per row)."""
        return self.contributions(frame).sum(axis=1)

    def contributions(self, frame: pd.DataFrame) -> np.ndarray:
        """(rows, features + 1): each feature's share of the raw score, and the base value last;
        a row sums to its raw score."""
        raise NotImplementedError

    def predict_proba(self, frame: pd.DataFrame) -> np.ndarray:
        """The calibrated probability that each row's child does not continue in school."""
        if len(frame) == 0:
            return np.zeros(0)
        return np.clip(self.calibration(self.raw_score(frame)), 0.0, 1.0)

    def explain(self, frame: pd.DataFrame, top: int = 3) -> list[list[dict[str, Any]]]:
        """Per row: up to ``top`` indicators that raised the risk (largest first), then up to
        ``top`` that lowered it: ``{"indicator", "value", "effect"}``, effect in log-odds
        (> 0 raises the risk)."""
        return self.predict_and_explain(frame, top)[1]

    def predict_and_explain(
        self, frame: pd.DataFrame, top: int = 3
    ) -> tuple[np.ndarray, list[list[dict[str, Any]]]]:
        """``predict_proba`` and ``explain`` from one pass over the model: the contributions
        sum to the raw score, so the nightly scoring computes them once."""
        if len(frame) == 0:
            return np.zeros(0), []
        contrib = self.contributions(frame)
        probability = np.clip(self.calibration(contrib.sum(axis=1)), 0.0, 1.0)
        factors = top_factors(contrib[:, :-1], self.matrix(frame), self.features, top)
        return probability, factors

    def payload(self) -> dict[str, Any]:
        raise NotImplementedError


class GbmRisk(FittedRisk):
    """LightGBM trees; contributions are its TreeSHAP values (``pred_contrib=True``)."""

    kind = "gbm"

    def __init__(self, booster: lgb.Booster, features: list[str], calibration: Calibration):
        super().__init__(features, calibration)
        self.booster = booster

    def raw_score(self, frame: pd.DataFrame) -> np.ndarray:
        return np.asarray(self.booster.predict(self.matrix(frame), raw_score=True), dtype=float)

    def contributions(self, frame: pd.DataFrame) -> np.ndarray:
        return np.asarray(self.booster.predict(self.matrix(frame), pred_contrib=True), dtype=float)

    def payload(self) -> dict[str, Any]:
        return {"booster": self.booster.model_to_string()}


class LogisticRisk(FittedRisk):
    """Imputation by fixed values, standardisation, then a linear score; a feature's
    contribution is its coefficient times its standardised value (0 at the training mean)."""

    kind = "logistic"

    def __init__(
        self,
        features: list[str],
        calibration: Calibration,
        *,
        fill: list[float],
        mean: list[float],
        scale: list[float],
        coef: list[float],
        intercept: float,
    ) -> None:
        super().__init__(features, calibration)
        self.fill = np.asarray(fill, dtype=float)
        self.mean = np.asarray(mean, dtype=float)
        self.scale = np.asarray(scale, dtype=float)
        self.coef = np.asarray(coef, dtype=float)
        self.intercept = float(intercept)

    def contributions(self, frame: pd.DataFrame) -> np.ndarray:
        x = self.matrix(frame)
        x = np.where(np.isnan(x), self.fill, x)
        terms = (x - self.mean) / self.scale * self.coef
        base = np.full((len(x), 1), self.intercept)
        return np.hstack([terms, base])

    def payload(self) -> dict[str, Any]:
        return {
            "fill": self.fill.tolist(),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "coef": self.coef.tolist(),
            "intercept": self.intercept,
        }


def from_estimator(
    estimator: Any, features: list[str], calibration: Calibration | None = None
) -> FittedRisk:
    """Wrap a fitted scikit-learn estimator: a LightGBM classifier (or anything with a
    ``booster_``), or a logistic regression, alone or in a pipeline of an imputer and a scaler."""
    calibration = calibration or Calibration()
    steps = [s for _, s in getattr(estimator, "steps", [("model", estimator)])]
    last = steps[-1]
    if hasattr(getattr(last, "model_", None), "booster_"):  # a wrapper such as MonotoneGBM
        last = last.model_
    if hasattr(last, "booster_"):
        if len(steps) > 1:
            raise ValueError("a LightGBM model must take the features as they are")
        return GbmRisk(last.booster_, features, calibration)
    if not hasattr(last, "coef_"):
        raise ValueError(f"cannot serialise {type(last).__name__}")
    n = len(features)
    fill, mean, scale = np.zeros(n), np.zeros(n), np.ones(n)
    for step in steps[:-1]:
        if hasattr(step, "statistics_"):  # SimpleImputer
            fill = np.asarray(step.statistics_, dtype=float)
            if len(fill) != n:
                raise ValueError("the imputer dropped a feature (all missing in training)")
        elif hasattr(step, "scale_") and hasattr(step, "mean_"):  # StandardScaler
            mean = np.asarray(step.mean_, dtype=float)
            scale = np.asarray(step.scale_, dtype=float)
        else:
            raise ValueError(f"cannot serialise the step {type(step).__name__}")
    coef = np.asarray(last.coef_, dtype=float).ravel()
    if len(coef) != n:
        raise ValueError("the logistic model's coefficients do not match its features")
    # An imputer fills before scaling; express both as one pass on the original values.
    return LogisticRisk(
        features,
        calibration,
        fill=fill.tolist(),
        mean=mean.tolist(),
        scale=scale.tolist(),
        coef=coef.tolist(),
        intercept=float(np.asarray(last.intercept_).ravel()[0]),
    )


def dump_model(fitted: FittedRisk) -> str:
    """The model as one JSON text."""
    document = {
        "format": FORMAT,
        "kind": fitted.kind,
        "features": fitted.features,
        "calibration": fitted.calibration.as_dict(),
        **fitted.payload(),
    }
    return json.dumps(document, ensure_ascii=False)


def load_model(text: str) -> FittedRisk:
    """The model that ``dump_model`` wrote."""
    document = json.loads(text)
    if document.get("format") != FORMAT:
        raise ValueError(f"not a qinfo risk model (format {document.get('format')!r})")
    features = [str(f) for f in document["features"]]
    calibration = Calibration.from_dict(document["calibration"])
    kind = document["kind"]
    if kind == "gbm":
        return GbmRisk(lgb.Booster(model_str=document["booster"]), features, calibration)
    if kind == "logistic":
        return LogisticRisk(
            features,
            calibration,
            fill=document["fill"],
            mean=document["mean"],
            scale=document["scale"],
            coef=document["coef"],
            intercept=document["intercept"],
        )
    raise ValueError(f"unknown model kind {kind!r}")
