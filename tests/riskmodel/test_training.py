"""The back-test against the rules, the activation gate and the card's fairness warnings."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from qinfo.riskmodel import card as cards
from qinfo.riskmodel.rules import RuleSpec
from qinfo.riskmodel.serialise import dump_model, load_model
from qinfo.riskmodel.training import backtest, fit_calibration

DATES = [dt.date(2023, 11, 10), dt.date(2024, 11, 10), dt.date(2025, 11, 10)]


def rule(indicator: str, operator: str, threshold: float, severity: str = "at_risk") -> RuleSpec:
    return RuleSpec(
        code=f"{indicator}-{threshold}", label_th="ก", label_en="a", indicator=indicator,
        operator=operator, threshold=threshold, severity=severity, dimension="access",
    )  # fmt: skip


def examples(label_of, n: int = 1500, seed: int = 5) -> pd.DataFrame:
    """Three years of children; ``label_of(frame, rng)`` decides who left."""
    rng = np.random.default_rng(seed)
    parts = []
    for date in DATES:
        frame = pd.DataFrame(
            {
                "attendance_rate_term": rng.uniform(60, 100, n),
                "absent_streak": rng.poisson(0.6, n).astype(float),
                "zero_grades": rng.poisson(0.4, n).astype(float),
                "extremely_poor": (rng.random(n) < 0.2).astype(float),
                "sex": rng.choice(["F", "M"], n),
                "as_of": date,
            }
        )
        frame["label"] = label_of(frame, rng).astype(int)
        parts.append(frame)
    return pd.concat(parts, ignore_index=True)


def hidden_attendance(frame: pd.DataFrame, rng) -> np.ndarray:
    logit = -2.5 - 0.25 * (frame.attendance_rate_term - 80) + 0.8 * frame.zero_grades
    return rng.random(len(frame)) < 1 / (1 + np.exp(-logit))


def streak_only(frame: pd.DataFrame, rng) -> np.ndarray:
    return (frame.absent_streak >= 3).to_numpy()


def test_a_model_that_sees_what_the_rules_miss_is_activated():
    # The rules look at the streak, which means nothing; leaving follows attendance and zeros.
    result = backtest(examples(hidden_attendance), [rule("absent_streak", ">=", 2)],
                      trained_on=dt.date(2026, 11, 20))  # fmt: skip
    card = result.card
    assert result.active and card["gate"]["active"]
    assert all(check["passed"] for check in card["gate"]["checks"])
    model, rules = card["metrics"]["gbm"], card["metrics"]["rules"]
    assert model["precision_at_k"] > rules["precision_at_k"]
    assert model["recall_at_k"] > rules["recall_at_k"]
    assert model["auc"] > rules["auc"] and card["metrics"]["logistic"]["auc"] > rules["auc"]
    assert card["workload"]["k"] == rules["flagged"] == result.workload_k
    assert card["period"] == {
        "train_from": "2023-11-10", "train_to": "2024-11-10", "test_as_of": "2025-11-10"
    }  # fmt: skip
    assert [d["role"] for d in card["data"]] == ["train", "train", "test"]
    assert card["data"][2]["n"] == 1500 and card["date"] == "2026-11-20"
    assert card["calibration"] == {"method": "sigmoid", "fitted_on": "forward: scored 2024-11-10"}
    # The card's threshold selects exactly the workload on the held-out year.
    test = examples(hidden_attendance).query("as_of == @DATES[2]")
    assert (result.model.predict_proba(test) >= result.threshold).sum() == result.workload_k
    assert "attendance_rate_term" in {f["indicator"] for f in card["importance"][:2]}


def test_a_model_that_does_not_beat_the_rules_is_refused():
    # Leaving is exactly "a streak of 3 or more": the rules are perfect, a model can only tie.
    result = backtest(examples(streak_only), [rule("absent_streak", ">=", 3)])
    assert not result.active
    checks = {c["metric"]: c for c in result.card["gate"]["checks"]}
    assert checks["precision_at_k"]["rules"] == 1.0 and checks["recall_at_k"]["rules"] == 1.0
    assert not checks["precision_at_k"]["passed"] and not checks["auc"]["passed"]


def test_a_stated_workload_is_used_for_both_sides():
    result = backtest(examples(hidden_attendance), [rule("absent_streak", ">=", 2)], workload=40)
    assert result.workload_k == 40 and result.card["workload"]["source"] == "stated"
    for side in ("gbm", "logistic", "rules"):
        for dimension in ("sex", "poverty"):
            groups = result.card["groups"][side][dimension]["groups"]
            assert sum(g["n"] for g in groups.values()) == 1500


def test_the_stored_candidate_round_trips():
    result = backtest(examples(hidden_attendance), [rule("absent_streak", ">=", 2)])
    frame = examples(hidden_attendance)
    again = load_model(dump_model(result.model))
    assert np.array_equal(again.predict_proba(frame), result.model.predict_proba(frame))


def test_training_refuses_a_single_date():
    one = examples(hidden_attendance).query("as_of == @DATES[0]")
    with pytest.raises(ValueError, match="two as-of dates"):
        backtest(one, [rule("absent_streak", ">=", 3)])


def test_sigmoid_calibration_keeps_the_order_and_fits_the_rate():
    rng = np.random.default_rng(1)
    raw = rng.normal(0, 1, 4000)
    y = (rng.random(4000) < 1 / (1 + np.exp(-(2 * raw - 1)))).astype(int)
    calibration = fit_calibration(raw, y)
    assert calibration.a == pytest.approx(2, abs=0.25)
    assert calibration.b == pytest.approx(-1, abs=0.2)
    p = calibration(raw)
    assert np.array_equal(np.argsort(p, kind="stable"), np.argsort(raw, kind="stable"))


def _errors(fpr_f: float, fpr_m: float):
    # 100 children who stayed and 10 who left in each group; all who left are flagged.
    y, flagged, groups = [], [], []
    for group, fpr in (("F", fpr_f), ("M", fpr_m)):
        y += [0] * 100 + [1] * 10
        flagged += [1] * round(100 * fpr) + [0] * (100 - round(100 * fpr)) + [1] * 10
        groups += [group] * 110
    return cards.group_errors(np.array(y), np.array(flagged), pd.Series(groups))


def test_the_card_warns_when_a_ratio_leaves_the_range():
    unequal = _errors(0.20, 0.10)  # F flags twice as many who stayed: ratio 2
    assert unequal["reference"] == "M"  # equal sizes: the later name is the reference
    assert unequal["groups"]["F"]["false_positive_rate_ratio"] == pytest.approx(2.0)
    assert unequal["warnings"] == [
        {"group": "F", "rate": "false_positive_rate", "ratio": pytest.approx(2.0)}
    ]
    assert unequal["groups"]["F"]["false_negative_rate_ratio"] == 1.0  # both 0


@pytest.mark.parametrize(
    ("f", "m", "warned"),
    [(0.11, 0.10, False), (0.125, 0.10, False), (0.13, 0.10, True), (0.07, 0.10, True)],
)
def test_the_range_is_0_8_to_1_25(f, m, warned):
    assert bool(_errors(f, m)["warnings"]) is warned
