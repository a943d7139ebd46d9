"""The model card's judgements: errors per group with their ratios, and the activation gate
(docs/definitions.md §17, "The network's model").

Per group (sex; extremely poor or not) the false-positive rate (children flagged who went on in
school) and false-negative rate (children who left and were not flagged) at the workload k, and
each group's rate divided by the reference group's (the largest group). A ratio outside
0.8–1.25 (the four-fifths rule, both ways) is a warning on the card.

The gate: a new model becomes active only if on the held-out year it finds more of the children
who left than the rules among the same number k of children (so both its precision and its recall
at k are higher: same k, same children who left) AND its AUC is higher than the rules' AUC (the
rules' ordinal score: level, then number of fired rules).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from qinfo.riskmodel.metrics import finite_or_none, group_error_rates

#: A ratio of error rates between groups within this range raises no warning.
FAIR_LOW, FAIR_HIGH = 0.8, 1.25
RATES = ("false_positive_rate", "false_negative_rate")


def poverty_group(values: pd.Series) -> pd.Series:
    """The extremely-poor flag as a group: "poor", "not_poor" or "unknown"."""
    numbers = pd.to_numeric(values, errors="coerce")
    out = np.where(numbers.isna(), "unknown", np.where(numbers > 0, "poor", "not_poor"))
    return pd.Series(out, index=values.index, dtype=object)


def sex_group(values: pd.Series) -> pd.Series:
    return values.fillna("unknown").astype(str).replace("", "unknown")


def ratio(value: float | None, reference: float | None) -> float | None:
    """value / reference; 1 when both are 0; None when undefined (or infinite)."""
    if value is None or reference is None or math.isnan(value) or math.isnan(reference):
        return None
    if reference == 0:
        return 1.0 if value == 0 else None
    return value / reference


def out_of_range(value: float | None, reference: float | None) -> bool:
    r = ratio(value, reference)
    if r is None:  # one group never errs, the other does: as unequal as it gets
        return value is not None and reference == 0 and not math.isnan(value) and value > 0
    return not FAIR_LOW <= r <= FAIR_HIGH


def group_errors(y: np.ndarray, flagged: np.ndarray, groups: pd.Series) -> dict[str, Any]:
    """Rates per group, the reference group, and each group's ratios to it with warnings."""
    rates = group_error_rates(y, flagged, groups.to_numpy())
    positives = pd.Series(y).groupby(groups.to_numpy()).sum()
    known = {g: r for g, r in rates.items() if g != "unknown"}
    reference = max(known or rates, key=lambda g: (rates[g]["n"], g))
    table: dict[str, Any] = {}
    warnings: list[dict[str, Any]] = []
    for group, row in sorted(rates.items()):
        entry: dict[str, Any] = {"n": row["n"], "left": int(positives.get(group, 0))}
        for rate in RATES:
            entry[rate] = finite_or_none(float(row[rate]))
            if group == reference:
                continue
            value, base = float(row[rate]), float(rates[reference][rate])
            entry[f"{rate}_ratio"] = ratio(value, base)
            if group != "unknown" and out_of_range(value, base):
                warnings.append({"group": group, "rate": rate, "ratio": ratio(value, base)})
        table[group] = entry
    return {"reference": reference, "groups": table, "warnings": warnings}


def fairness(y: np.ndarray, flagged: np.ndarray, context: pd.DataFrame) -> dict[str, Any]:
    """Errors per sex and per poverty at the workload (``flagged``: 1 for the top k)."""
    return {
        "sex": group_errors(y, flagged, sex_group(context["sex"])),
        "poverty": group_errors(y, flagged, poverty_group(context["extremely_poor"])),
    }


def gate(model: Mapping[str, Any], rules: Mapping[str, Any]) -> dict[str, Any]:
    """Whether the model beats the rules on the held-out year, with each check's figures."""
    checks = []
    for metric in ("precision_at_k", "recall_at_k", "auc"):
        mine, theirs = model.get(metric), rules.get(metric)
        passed = mine is not None and (theirs is None or mine > theirs)
        checks.append({"metric": metric, "model": mine, "rules": theirs, "passed": passed})
    return {"active": all(c["passed"] for c in checks), "checks": checks}
