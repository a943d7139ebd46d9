"""The early warning of a fresh demo: a model trained on the simulated history (kept active only
if it beats the rules, docs/definitions.md §17), today's scores, and the alerts they open, so that
the watchlists, the inbox and the model card have something to show from the first sign-in."""

from __future__ import annotations

import datetime as dt

from qinfo.alerts.services import alerts_sync
from qinfo.risk.scoring import score_network
from qinfo.risk.training import risk_model_train, training_dates


def write_early_warning(today: dt.date) -> dict[str, int]:
    trained = 0
    if len(training_dates(today)) >= 2:  # a model needs two past years to train and test on
        risk_model_train(actor=None, today=today)
        trained = 1
    scored = score_network(today)
    opened = alerts_sync(today)
    return {"risk_models": trained, "risk_scores": scored, "alerts": opened.get("opened", 0)}
