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


def _value(v: float) -> float | None:
    return None if math.isnan(v) else float(v)


def top_factors(
    contributions: np.ndarray, values: np.ndarray, features: list[str], top: int = 3
) -> list[list[dict[str, Any]]]:
    """Per row: up to ``top`` features with the largest positive contribution (largest first),
    then up to ``top`` with the most negative one; features that moved nothing are left out."""
    rows: list[list[dict[str, Any]]] = []
    if top <= 0:
        return [[] for _ in range(len(contributions))]
    order = np.argsort(-contributions, axis=1, kind="stable")
    for i in range(len(contributions)):
        c = contributions[i]
        raising = [j for j in order[i][:top] if c[j] > 0]
        lowering = [j for j in order[i][::-1][:top] if c[j] < 0]
        rows.append([_factor(features[j], values[i, j], c[j]) for j in raising + lowering])
    return rows


def _factor(name: str, value: float, effect: float) -> dict[str, Any]:
    indicator = BY_NAME.get(name)
    return {
        "indicator": name,
        "label_th": indicator.label_th if indicator else name,
        "label_en": indicator.label_en if indicator else name,
        "value": _value(float(value)),
        "effect": round(float(effect), 4),
    }


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
    label = factor.get("label_th" if thai else "label_en") or factor["indicator"]
    value = format_value(factor["indicator"], factor.get("value"), language)
    if thai:
        verb = "เพิ่มความเสี่ยง" if factor["effect"] > 0 else "ลดความเสี่ยง"
    else:
        verb = "raised the risk" if factor["effect"] > 0 else "lowered the risk"
    return f"{label}: {value} — {verb}"


def explanation_text(factors: list[dict[str, Any]], language: str = "th") -> str:
    """A row's factors as one sentence per factor, separated by semicolons."""
    return "; ".join(factor_text(f, language) for f in factors)
