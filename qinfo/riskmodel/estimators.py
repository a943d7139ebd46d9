"""The project's learned models, as scikit-learn estimators (docs/definitions.md §17).

`make_estimator(name, seed=...)` gives an unfitted estimator with the scikit-learn contract
(`fit(X, y)`, `predict_proba(X)[:, 1]` = probability of being at risk, `predict`, `classes_`):

- "gbm": gradient-boosted trees (LightGBM) of one split each (200 stumps, learning rate 0.05, at
  least 20 rows per leaf, L2 1.0, 80% of rows and columns per tree): an additive model, one shape
  function per column, so each factor's effect reads on its own. *Monotone constraints learned on
  the training rows*: a column whose Spearman correlation with the label is at least 0.3 in
  absolute value may only push the risk in that direction (an earlier grade can only lower the
  risk of failing, more past failures only raise it). The direction and the choice of columns come
  from the rows it is fitted on, never from the rows it is judged on. Small, constrained trees let
  it match a plain threshold where one is nearly optimal and add to it where it is not
  (docs/risk-evaluation.md).
- "logistic": the baseline: median imputation, standard scaling, L2 logistic regression.
- "gbm-calibrated": "gbm" inside a 5-fold sigmoid (Platt) calibration, for callers that need
  calibrated probabilities more than speed.

Single-threaded (n_jobs=1): the harness runs hundreds of small fits; threads only add overhead.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy.stats import rankdata
from sklearn.base import BaseEstimator, ClassifierMixin

NAMES: tuple[str, ...] = ("gbm", "logistic")
ALL_NAMES: tuple[str, ...] = (*NAMES, "gbm-calibrated")

#: |Spearman ρ| from which a column is constrained monotone (docs/definitions.md §17).
MONOTONE_THRESHOLD = 0.3


def spearman_with(frame: pd.DataFrame, y: ArrayLike) -> NDArray[np.float64]:
    """Spearman's ρ of every column with y over the rows where the column is known (0 for a
    constant column or one with fewer than two known rows)."""
    values = frame.to_numpy(dtype=float)
    ranks = frame.rank(method="average").to_numpy(dtype=float)  # among each column's known rows
    target = np.asarray(y, dtype=float)
    full = rankdata(target)
    rho = np.zeros(values.shape[1])
    for j in range(values.shape[1]):
        known = ~np.isnan(values[:, j])
        if known.sum() < 2:
            continue
        a = ranks[known, j]
        b = full if known.all() else rankdata(target[known])
        a, b = a - a.mean(), b - b.mean()
        scale = np.sqrt((a * a).sum() * (b * b).sum())
        rho[j] = float((a * b).sum() / scale) if scale > 0 else 0.0
    return rho


class MonotoneGBM(ClassifierMixin, BaseEstimator):
    """LightGBM with monotone constraints on the columns strongly associated with the label."""

    def __init__(
        self,
        *,
        n_estimators: int = 200,
        learning_rate: float = 0.05,
        num_leaves: int = 2,
        min_child_samples: int = 20,
        subsample: float = 0.8,
        colsample_bytree: float = 0.8,
        reg_lambda: float = 1.0,
        monotone_threshold: float = MONOTONE_THRESHOLD,
        random_state: int = 0,
    ) -> None:
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.num_leaves = num_leaves
        self.min_child_samples = min_child_samples
        self.subsample = subsample
        self.colsample_bytree = colsample_bytree
        self.reg_lambda = reg_lambda
        self.monotone_threshold = monotone_threshold
        self.random_state = random_state

    def fit(self, X: Any, y: ArrayLike) -> MonotoneGBM:
        from lightgbm import LGBMClassifier

        frame = X if isinstance(X, pd.DataFrame) else pd.DataFrame(np.asarray(X, dtype=float))
        labels = np.asarray(y)
        rho = spearman_with(frame, labels == labels.max())
        self.monotone_ = [int(np.sign(r)) if abs(r) >= self.monotone_threshold else 0 for r in rho]
        self.model_ = LGBMClassifier(
            n_estimators=self.n_estimators,
            learning_rate=self.learning_rate,
            num_leaves=self.num_leaves,
            min_child_samples=self.min_child_samples,
            subsample=self.subsample,
            subsample_freq=1,
            colsample_bytree=self.colsample_bytree,
            reg_lambda=self.reg_lambda,
            monotone_constraints=self.monotone_,
            random_state=self.random_state,
            n_jobs=1,
            verbose=-1,
        )
        self.model_.fit(X, labels)
        self.classes_ = self.model_.classes_
        self.n_features_in_ = frame.shape[1]
        return self

    def predict_proba(self, X: Any) -> NDArray[np.float64]:
        return np.asarray(self.model_.predict_proba(X), dtype=float)

    def predict(self, X: Any) -> NDArray[Any]:
        return np.asarray(self.classes_)[(self.predict_proba(X)[:, 1] >= 0.5).astype(int)]


def make_estimator(name: str, *, seed: int) -> Any:
    """An unfitted estimator by name (NAMES, or "gbm-calibrated"); ValueError for another name."""
    if name == "gbm":
        return MonotoneGBM(random_state=seed)
    if name == "gbm-calibrated":
        from sklearn.calibration import CalibratedClassifierCV

        return CalibratedClassifierCV(MonotoneGBM(random_state=seed), method="sigmoid", cv=5)
    if name == "logistic":
        from sklearn.impute import SimpleImputer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        return make_pipeline(
            SimpleImputer(strategy="median"),
            StandardScaler(),
            LogisticRegression(C=1.0, max_iter=2000, random_state=seed),
        )
    raise ValueError(f"unknown model {name!r}: choose from {', '.join(ALL_NAMES)}")
