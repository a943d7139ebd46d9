"""The project's estimators keep the scikit-learn contract and the gbm's monotone promise."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from qinfo.riskmodel.estimators import ALL_NAMES, MonotoneGBM, make_estimator, spearman_with


def data(n: int = 300) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(3)
    grade = rng.integers(0, 21, n).astype(float)
    noise = rng.normal(size=n)
    absences = rng.poisson(4, n).astype(float)
    risk = 1 / (1 + np.exp(0.8 * (grade - 10) - 0.1 * absences))
    y = (rng.random(n) < risk).astype(int)
    absences[::17] = np.nan
    return pd.DataFrame({"G1": grade, "noise": noise, "absences": absences}), y


@pytest.mark.parametrize("name", ALL_NAMES)
def test_contract(name: str) -> None:
    X, y = data()
    model = make_estimator(name, seed=1)
    clone(model)  # a proper scikit-learn estimator: its parameters can be cloned
    model.fit(X, y)
    p = model.predict_proba(X)
    assert p.shape == (len(y), 2) and np.allclose(p.sum(axis=1), 1)
    assert set(np.unique(model.predict(X))) <= {0, 1}
    assert np.mean(model.predict(X) == y) > 0.75  # it learned the grade
    again = make_estimator(name, seed=1).fit(X, y).predict_proba(X)
    assert np.array_equal(p, again)  # reproducible from the seed


def test_gbm_is_monotone_in_a_strongly_associated_column() -> None:
    X, y = data()
    model = MonotoneGBM(num_leaves=7, n_estimators=200).fit(X, y)
    assert model.monotone_ == [-1, 0, 0]  # a higher grade only lowers the risk; noise is free
    probe = pd.DataFrame({"G1": np.arange(0, 21, dtype=float), "noise": 0.0, "absences": 4.0})
    risk = model.predict_proba(probe)[:, 1]
    assert np.all(np.diff(risk) <= 1e-12)


def test_spearman_against_pandas() -> None:
    X, y = data(80)
    X["constant"] = 1.0
    rho = spearman_with(X, y)
    for i, column in enumerate(X.columns[:3]):
        expected = X[column].corr(pd.Series(y, dtype=float), method="spearman")
        assert rho[i] == pytest.approx(expected)
    assert rho[-1] == 0.0


def test_unknown_name() -> None:
    with pytest.raises(ValueError, match="unknown model"):
        make_estimator("forest", seed=0)
