"""The pure rule engine (qinfo.riskmodel.rules) against an obviously-correct per-row oracle."""

from __future__ import annotations

import math
import time

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qinfo.riskmodel.rules import RuleSpec, evaluate_rules

COLUMNS = ("a", "b", "c")
SEVERITY_ORDER = ["normal", "at_risk", "problem"]


def oracle_row(row: dict[str, float], rules: list[RuleSpec]) -> tuple[str, list[str], bool]:
    """Plain Python, one row at a time: which rules fire, the level, whether a hard one did."""
    fired = []
    for rule in rules:
        value = row.get(rule.indicator, float("nan"))
        if value is None or math.isnan(value):
            continue
        t = rule.threshold
        hit = {
            ">=": value >= t,
            ">": value > t,
            "<=": value <= t,
            "<": value < t,
            "==": value == t,
        }[rule.operator]
        if hit:
            fired.append(rule)
    level = "normal"
    for rule in fired:
        if SEVERITY_ORDER.index(rule.severity) > SEVERITY_ORDER.index(level):
            level = rule.severity
    return level, [r.code for r in fired], any(r.hard for r in fired)


values = st.one_of(
    st.just(float("nan")),
    st.sampled_from([0.0, 1.0, 2.0, 3.0, 0.8]),
    st.floats(min_value=-5, max_value=5, allow_nan=False),
)


@st.composite
def rule_specs(draw: st.DrawFn) -> list[RuleSpec]:
    n = draw(st.integers(min_value=0, max_value=6))
    return [
        RuleSpec(
            code=f"r{i}",
            label_th=f"กฎ {i}",
            label_en=f"rule {i}",
            # "missing" is a column the frame lacks: unknown for every row
            indicator=draw(st.sampled_from([*COLUMNS, "missing"])),
            operator=draw(st.sampled_from([">=", ">", "<=", "<", "=="])),
            threshold=draw(st.sampled_from([0.0, 1.0, 2.0, 3.0, 0.8, -1.5])),
            severity=draw(st.sampled_from(["at_risk", "problem"])),
            dimension=draw(st.sampled_from(["access", "quality", "wellbeing"])),
            hard=draw(st.booleans()),
        )
        for i in range(n)
    ]


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(st.fixed_dictionaries({c: values for c in COLUMNS}), max_size=12),
    rules=rule_specs(),
)
def test_evaluate_rules_matches_the_per_row_oracle(
    rows: list[dict[str, float]], rules: list[RuleSpec]
) -> None:
    frame = pd.DataFrame(rows, columns=list(COLUMNS), index=pd.Index(range(100, 100 + len(rows))))
    verdicts = evaluate_rules(frame, rules)
    assert list(verdicts.levels.index) == list(frame.index)
    assert len(verdicts.fired) == len(rows)
    for i, row in enumerate(rows):
        level, codes, hard = oracle_row(row, rules)
        assert verdicts.levels.iloc[i] == level
        assert [f["code"] for f in verdicts.fired[i]] == codes
        assert bool(verdicts.hard.iloc[i]) is hard
        for f in verdicts.fired[i]:
            assert f["value"] == row[f["indicator"]]
            assert set(f) >= {"code", "label_th", "label_en", "indicator", "value"}


def test_nan_never_fires_even_for_a_rule_that_would_match_anything() -> None:
    rule = RuleSpec("x", "x", "x", "a", "<=", 1e9, "problem", "access", True)
    frame = pd.DataFrame({"a": [np.nan, 5.0]})
    verdicts = evaluate_rules(frame, [rule])
    assert list(verdicts.levels) == ["normal", "problem"]
    assert verdicts.fired[0] == []
    assert verdicts.fired[1][0]["value"] == 5
    assert rule.fires(None) is False and rule.fires(float("nan")) is False


def test_bad_rule_is_refused() -> None:
    with pytest.raises(ValueError):
        RuleSpec("x", "x", "x", "a", "!=", 1, "at_risk", "access")
    with pytest.raises(ValueError):
        RuleSpec("x", "x", "x", "a", ">=", 1, "normal", "access")


def test_a_million_rows_in_a_few_seconds() -> None:
    rng = np.random.default_rng(7)
    n = 1_000_000
    frame = pd.DataFrame(
        {
            "absent_streak": rng.integers(0, 6, n).astype(float),
            "attendance_rate_term": rng.uniform(0.5, 1.0, n),
            "zero_grades": np.where(rng.random(n) < 0.3, np.nan, rng.integers(0, 3, n)),
        }
    )
    rules = [
        RuleSpec("streak", "ขาด", "absent", "absent_streak", ">=", 3, "at_risk", "access", True),
        RuleSpec("rate", "มา", "rate", "attendance_rate_term", "<", 0.8, "problem", "access"),
        RuleSpec("zero", "0", "zero", "zero_grades", ">=", 2, "problem", "quality"),
    ]
    # CPU time, not the wall clock: the bound is about the work, not about a busy machine.
    started = time.process_time()
    verdicts = evaluate_rules(frame, rules)
    elapsed = time.process_time() - started
    assert elapsed < 8, elapsed
    expected_problem = (frame.attendance_rate_term < 0.8) | (frame.zero_grades >= 2)
    assert (verdicts.levels == "problem").sum() == int(expected_problem.sum())
