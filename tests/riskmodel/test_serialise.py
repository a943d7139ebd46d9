"""The fitted model as text and back; its explanations add up to its raw score."""

from __future__ import annotations

import json

import lightgbm as lgb
import numpy as np
import pandas as pd
import pytest
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from qinfo.riskmodel.estimators import make_estimator
from qinfo.riskmodel.explain import explanation_text, factor_text
from qinfo.riskmodel.serialise import Calibration, dump_model, from_estimator, load_model

FEATURES = ["attendance_rate_term", "absent_streak", "extremely_poor", "zero_grades"]


def _frame(n: int = 600, seed: int = 3) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "attendance_rate_term": rng.uniform(0.6, 1.0, n),
            "absent_streak": rng.poisson(1.0, n).astype(float),
            "extremely_poor": rng.integers(0, 2, n).astype(float),
            "zero_grades": rng.poisson(0.3, n).astype(float),
        }
    )
    frame.loc[rng.random(n) < 0.1, "zero_grades"] = np.nan
    logit = -2 - 8 * (frame.attendance_rate_term - 0.9) + 0.4 * frame.absent_streak
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int).to_numpy()
    return frame, y


def _gbm(frame: pd.DataFrame, y: np.ndarray) -> lgb.LGBMClassifier:
    model = lgb.LGBMClassifier(n_estimators=30, num_leaves=7, verbose=-1, random_state=1)
    return model.fit(frame[FEATURES], y)


def _project_gbm(frame: pd.DataFrame, y: np.ndarray):
    return make_estimator("gbm", seed=1).fit(frame[FEATURES], y)


def _project_logistic(frame: pd.DataFrame, y: np.ndarray):
    return make_estimator("logistic", seed=1).fit(frame[FEATURES], y)


def _logistic(frame: pd.DataFrame, y: np.ndarray):
    pipe = make_pipeline(SimpleImputer(strategy="median"), StandardScaler(), LogisticRegression())
    return pipe.fit(frame[FEATURES], y)


BUILDS = [_gbm, _logistic, _project_gbm, _project_logistic]
BUILD_IDS = ["lgbm", "logistic", "project-gbm", "project-logistic"]
CALIBRATIONS = [
    Calibration(),
    Calibration("sigmoid", a=0.8, b=-0.3),
    Calibration("isotonic", knots_x=(-3.0, -1.0, 0.5, 2.0), knots_y=(0.01, 0.1, 0.4, 0.9)),
]


@pytest.mark.parametrize("calibration", CALIBRATIONS, ids=lambda c: c.method)
@pytest.mark.parametrize("build", BUILDS, ids=BUILD_IDS)
def test_round_trip_gives_identical_probabilities(build, calibration):
    frame, y = _frame()
    fitted = from_estimator(build(frame, y), FEATURES, calibration)
    text = dump_model(fitted)
    assert json.loads(text)["kind"] == fitted.kind  # plain JSON text, not a pickle
    again = load_model(text)
    assert again.features == FEATURES
    assert np.array_equal(again.predict_proba(frame), fitted.predict_proba(frame))
    assert again.explain(frame.head(20)) == fitted.explain(frame.head(20))
    assert dump_model(again) == text


@pytest.mark.parametrize("build", BUILDS, ids=BUILD_IDS)
def test_uncalibrated_probabilities_match_the_estimator(build):
    frame, y = _frame()
    estimator = build(frame, y)
    fitted = load_model(dump_model(from_estimator(estimator, FEATURES)))
    expected = estimator.predict_proba(frame[FEATURES])[:, 1]
    assert np.allclose(fitted.predict_proba(frame), expected, atol=1e-9)


@pytest.mark.parametrize("build", BUILDS, ids=BUILD_IDS)
def test_contributions_and_base_sum_to_the_raw_score(build):
    frame, y = _frame()
    fitted = load_model(dump_model(from_estimator(build(frame, y), FEATURES)))
    contrib = fitted.contributions(frame)
    assert contrib.shape == (len(frame), len(FEATURES) + 1)
    raw = np.log(fitted.predict_proba(frame) / (1 - fitted.predict_proba(frame)))
    assert np.allclose(contrib.sum(axis=1), raw, atol=1e-6)


def test_explanations_list_raising_then_lowering_factors_with_labels():
    frame, y = _frame()
    fitted = from_estimator(_gbm(frame, y), FEATURES)
    contrib = fitted.contributions(frame)[:, :-1]
    rows = fitted.explain(frame, top=2)
    assert len(rows) == len(frame)
    for i, factors in enumerate(rows):
        effects = [f["effect"] for f in factors]
        raising = [e for e in effects if e > 0]
        lowering = [e for e in effects if e < 0]
        assert effects == raising + lowering
        assert raising == sorted(raising, reverse=True) and len(raising) <= 2
        assert lowering == sorted(lowering) and len(lowering) <= 2
        positives = sorted((c for c in contrib[i] if c > 0), reverse=True)[:2]
        assert raising == [round(float(c), 4) for c in positives]
        for f in factors:
            assert f["indicator"] in FEATURES
            assert set(f) == {"indicator", "value", "effect"}  # labels are looked up when shown
            value = frame.iloc[i][f["indicator"]]
            assert f["value"] is None if np.isnan(value) else f["value"] == value


def test_factor_text_in_thai_and_english():
    factor = {
        "indicator": "attendance_rate_term",
        "value": 72.0,
        "effect": 0.8,
    }
    assert factor_text(factor, "en") == "Attendance rate this term: 72% — raised the risk"
    assert factor_text(factor, "th") == "อัตราการมาเรียนภาคเรียนนี้: 72% — เพิ่มความเสี่ยง"
    poor = {
        "indicator": "extremely_poor",
        "value": 0.0,
        "effect": -0.2,
    }
    assert explanation_text([factor, poor], "en").endswith("Extremely poor: no — lowered the risk")


def test_load_refuses_what_is_not_a_model():
    with pytest.raises(ValueError, match="not a qinfo risk model"):
        load_model('{"format": "pickle"}')
    frame, y = _frame()
    with pytest.raises(ValueError, match="lacks the model's features"):
        from_estimator(_gbm(frame, y), FEATURES).predict_proba(frame.drop(columns="zero_grades"))
