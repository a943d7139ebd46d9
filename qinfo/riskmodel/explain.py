"""Why the model said what it said about one child, in words a teacher understands.

A model's raw score (log-odds) is split among the indicators: for trees, LightGBM's TreeSHAP values
(``pred_contrib=True``: each row's contributions plus the base value sum to its raw score); for the
logistic model, coefficient × standardised value. ``top_factors`` keeps, per row, the indicators
that raised the risk most and those that lowered it most; ``factor_text`` says one of them in Thai
or English, with the indicator's label from ``qinfo.riskmodel.features``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from qinfo.riskmodel.features import BY_NAME


def top_factors(
    contributions: np.ndarray, values: np.ndarray, features: list[str], top: int = 3
) -> list[list[dict[str, Any]]]:
    """Per row: up to ``top`` features with the largest positive contribution (largest first),
    then up to ``top`` with the most negative one; features that moved nothing are left out.
    Each factor is ``{"indicator", "value", "effect"}``: its label is looked up when it is shown
    (``factor_text``), so ten thousand scores do not carry the same words ten thousand times."""
    if top <= 0 or not len(contributions):
        return [[] for _ in range(len(contributions))]
    order = np.argsort(-contributions, axis=1, kind="stable")
    picks = np.concatenate([order[:, :top], order[:, ::-1][:, :top]], axis=1)
    effects = np.take_along_axis(contributions, picks, axis=1)
    wanted = np.concatenate([np.ones(min(top, order.shape[1])), -np.ones(min(top, order.shape[1]))])
    keep = (effects * wanted > 0).tolist()
    picked = np.take_along_axis(np.asarray(values, dtype=np.float64), picks, axis=1).tolist()
    rounded = np.round(effects, 4).tolist()
    return [
        [
            {"indicator": features[j], "value": None if v != v else v, "effect": e}
            for j, v, e, k in zip(p, vs, es, ks, strict=True)
            if k
        ]
        for p, vs, es, ks in zip(picks.tolist(), picked, rounded, keep, strict=True)
    ]


def format_value(name: str, value: float | None, language: str = "th") -> str:
    """An indicator's value as a person reads it: rates (stored in per cent) with a per cent
    sign, flags as yes or no, counts as whole numbers."""
    thai = language.startswith("th")
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "ไม่ทราบ" if thai else "unknown"
    indicator = BY_NAME.get(name)
    kind = indicator.kind if indicator else "number"
    if kind == "rate":
        return f"{value:.0f}%"
    if kind == "flag":
        if thai:
            return "ใช่" if value else "ไม่ใช่"
        return "yes" if value else "no"
    if kind in ("count", "level") and float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}"


def factor_text(factor: dict[str, Any], language: str = "th") -> str:
    """One factor in words, e.g. "Attendance rate this term: 72% — raised the risk"."""
    thai = language.startswith("th")
    indicator = BY_NAME.get(factor["indicator"])
    label = indicator.label(language) if indicator else factor["indicator"]
    value = format_value(factor["indicator"], factor.get("value"), language)
    if thai:
        verb = "เพิ่มความเสี่ยง" if factor["effect"] > 0 else "ลดความเสี่ยง"
    else:
        verb = "raised the risk" if factor["effect"] > 0 else "lowered the risk"
    return f"{label}: {value} — {verb}"


def explanation_text(factors: list[dict[str, Any]], language: str = "th") -> str:
    """A row's factors as one sentence per factor, separated by semicolons."""
    return "; ".join(factor_text(f, language) for f in factors)
