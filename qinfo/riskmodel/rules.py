"""Transparent rules over the indicators, and the level they give (docs/definitions.md §16).

A rule compares one indicator with a threshold (``absent_streak >= 3``). A child's level is the
highest severity among the rules that fired, "normal" when none did — the student care system's
ปกติ / เสี่ยง / มีปัญหา (DOMAIN.md §5). An unknown indicator (NaN, or a column the frame lacks)
never fires a rule: the rules judge what is known, they never guess.

Vectorised over the whole frame (one comparison per rule); the per-row lists of fired rules are
built only for the rows where something fired, so a million rows take about a second.
"""

from __future__ import annotations

import operator as op
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

Severity = Literal["at_risk", "problem"]

#: The levels in rising order; a level's rank is its position.
LEVELS: tuple[str, ...] = ("normal", "at_risk", "problem")
RANK: dict[str, int] = {level: rank for rank, level in enumerate(LEVELS)}

OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    ">=": op.ge,
    ">": op.gt,
    "<=": op.le,
    "<": op.lt,
    "==": op.eq,
}
DIMENSIONS = ("access", "quality", "wellbeing")


@dataclass(frozen=True)
class RuleSpec:
    """One rule, as the scorer uses it (the database row is qinfo.risk.models.RiskRule)."""

    code: str
    label_th: str
    label_en: str
    indicator: str
    operator: str
    threshold: float
    severity: str
    dimension: str
    hard: bool = False

    def __post_init__(self) -> None:
        if self.operator not in OPERATORS:
            raise ValueError(f"unknown operator {self.operator!r}")
        if self.severity not in ("at_risk", "problem"):
            raise ValueError(f"unknown severity {self.severity!r}")
        if self.dimension not in DIMENSIONS:
            raise ValueError(f"unknown dimension {self.dimension!r}")

    def fires(self, value: float | None) -> bool:
        """Whether the rule fires for one value (the scalar form, for pages and tests)."""
        if value is None or value != value:  # None or NaN: unknown never fires
            return False
        return bool(OPERATORS[self.operator](float(value), float(self.threshold)))

    def as_fired(self, value: float) -> dict[str, Any]:
        """The rule as stored in ``RiskScore.fired`` when it fired with ``value``."""
        return {
            "code": self.code,
            "label_th": self.label_th,
            "label_en": self.label_en,
            "indicator": self.indicator,
            "operator": self.operator,
            "threshold": float(self.threshold),
            "value": _plain(value),
            "severity": self.severity,
            "dimension": self.dimension,
            "hard": bool(self.hard),
        }


@dataclass(frozen=True)
class RuleVerdicts:
    """The verdicts on every row of a frame, in the frame's order."""

    #: Per row: "normal", "at_risk" or "problem" (index: the frame's).
    levels: pd.Series
    #: Per row: the fired rules, each as ``RuleSpec.as_fired`` (empty when none fired).
    fired: list[list[dict[str, Any]]]
    #: Per row: whether a hard rule fired (index: the frame's).
    hard: pd.Series


def _plain(value: float) -> float | int:
    """A JSON-friendly number: whole numbers as int (3 days, not 3.0)."""
    number = float(value)
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def _plain_all(values: np.ndarray) -> list[float | int]:
    """``_plain`` of every value at once."""
    whole = (np.floor(values) == values) & (np.abs(values) < 2**53)
    cells = values.astype(object)
    cells[whole] = values[whole].astype(np.int64).astype(object)
    return list(cells.tolist())


def fired_matrix(frame: pd.DataFrame, rules: Sequence[RuleSpec]) -> tuple[np.ndarray, np.ndarray]:
    """(fired, values): boolean and float matrices of shape (rows, rules). A missing column or
    NaN gives False."""
    n = len(frame)
    fired = np.zeros((n, len(rules)), dtype=bool)
    values = np.full((n, len(rules)), np.nan)
    for j, rule in enumerate(rules):
        if rule.indicator not in frame.columns:
            continue
        column = pd.to_numeric(frame[rule.indicator], errors="coerce").to_numpy(
            dtype=float, na_value=np.nan
        )
        values[:, j] = column
        with np.errstate(invalid="ignore"):
            hit = OPERATORS[rule.operator](column, float(rule.threshold))
        fired[:, j] = np.asarray(hit, dtype=bool) & ~np.isnan(column)
    return fired, values


def evaluate_rules(frame: pd.DataFrame, rules: Sequence[RuleSpec]) -> RuleVerdicts:
    """Judge every row of ``frame`` (columns: indicator names) by ``rules``."""
    n = len(frame)
    fired, values = fired_matrix(frame, rules)
    ranks = np.array([RANK[r.severity] for r in rules], dtype=np.int8)
    hard_rules = np.array([bool(r.hard) for r in rules], dtype=bool)
    if rules:
        level_rank = np.where(fired, ranks, 0).max(axis=1)
        hard = (fired & hard_rules).any(axis=1)
    else:
        level_rank = np.zeros(n, dtype=np.int8)
        hard = np.zeros(n, dtype=bool)
    levels = pd.Series(np.array(LEVELS, dtype=object)[level_rank], index=frame.index, dtype=object)

    lists: list[list[dict[str, Any]]] = [[] for _ in range(n)]
    rows, cols = np.nonzero(fired)  # row-major: each row's rules in the order given
    if len(rows):
        templates = [rule.as_fired(0.0) for rule in rules]
        hits = zip(rows.tolist(), cols.tolist(), _plain_all(values[rows, cols]), strict=True)
        for row, col, value in hits:
            lists[row].append({**templates[col], "value": value})
    return RuleVerdicts(levels=levels, fired=lists, hard=pd.Series(hard, index=frame.index))
