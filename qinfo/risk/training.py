"""Training the network's model on its own history (docs/definitions.md §17, "The network's
model").

For every past academic year the examples are the children enrolled on 10 November (the DMC's
second data date of the year, early in term 2, when term 1's grades are in) with the indicators as
of that day (qinfo.risk.indicators) and the label ``did_not_continue`` (qinfo.risk.labels). A year
counts only when its 12-month window is over (10 November + 1 year ≤ today). The pure package
(qinfo.riskmodel.training) trains on the earlier years, tests on the latest beside the active
rules and writes the card; here the result is stored as a ``RiskModel``: active when it passed the
gate (the previous active model is retired), rejected otherwise. One transaction, audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qinfo.audit.models import AuditAction
from qinfo.audit.services import audit_record
from qinfo.core.services import field_values, refuse, require
from qinfo.organisations.models import AcademicYear
from qinfo.risk.indicators import indicators_as_of
from qinfo.risk.labels import did_not_continue, window_end
from qinfo.risk.models import ModelStatus, RiskModel
from qinfo.risk.rules import active_rules
from qinfo.risk.services import may_edit_rules
from qinfo.riskmodel.serialise import dump_model
from qinfo.riskmodel.training import AS_OF, CANDIDATE, LABEL, backtest

#: The as-of day of each school year: 10 November of the year it begins in (DMC's second date).
AS_OF_MONTH_DAY = (11, 10)


def may_train(user: Any) -> bool:
    """Municipality officers and administrators: the model judges the whole network."""
    return may_edit_rules(user)


def training_dates(today: dt.date) -> list[dt.date]:
    """The as-of date of every academic year whose 12-month window is over by ``today``."""
    dates = set()
    for start, end in AcademicYear.objects.values_list("start_date", "end_date"):
        as_of = dt.date(start.year, *AS_OF_MONTH_DAY)
        if start <= as_of <= end and window_end(as_of) <= today:
            dates.add(as_of)
    return sorted(dates)


def training_examples(dates: list[dt.date]) -> pd.DataFrame:
    """One row per child enrolled on each date: indicators, context, label and as-of date."""
    parts = []
    for as_of in dates:
        frame = indicators_as_of(as_of)
        frame[LABEL] = did_not_continue(as_of, frame.index).to_numpy()
        frame[AS_OF] = as_of
        parts.append(frame)
    return pd.concat(parts) if parts else pd.DataFrame()


def risk_model_train(
    *, actor: Any, workload: int | None = None, today: dt.date | None = None, seed: int = 0
) -> RiskModel:
    """Train, back-test and store a new model (``actor`` None: the command line)."""
    if actor is not None:
        require(may_train(actor))
    if workload is not None and workload < 1:
        raise refuse(_("The workload must be at least one student."), "workload", "workload")
    today = today or timezone.localdate()
    dates = training_dates(today)
    if len(dates) < 2:
        raise refuse(
            _(
                "Training needs at least two past school years whose following 12 months are "
                "over; this database has %(n)d."
            )
            % {"n": len(dates)},
            "too_little_history",
        )
    ruleset, rules = active_rules()
    examples = training_examples(dates)
    try:
        result = backtest(examples, rules, workload=workload, seed=seed, trained_on=today)
    except ValueError as exc:
        raise refuse(
            _("The history cannot train a model: %(why)s") % {"why": exc}, "training"
        ) from exc
    card = {**result.card, "rules": {"version": ruleset.version, "count": len(rules)}}
    period = card["period"]
    model = RiskModel(
        algorithm=CANDIDATE,
        status=ModelStatus.ACTIVE if result.active else ModelStatus.REJECTED,
        trained_by=actor if getattr(actor, "is_authenticated", False) else None,
        train_from=dt.date.fromisoformat(period["train_from"]),
        train_to=dt.date.fromisoformat(period["train_to"]),
        test_as_of=dt.date.fromisoformat(period["test_as_of"]),
        features=list(result.model.features),
        artefact=dump_model(result.model),
        workload_k=result.workload_k,
        threshold=result.threshold,
        card=card,
    )
    with transaction.atomic():
        if result.active:
            for previous in RiskModel.objects.select_for_update().filter(status=ModelStatus.ACTIVE):
                previous.status = ModelStatus.RETIRED
                previous.save(update_fields=["status"])
                audit_record(
                    actor=actor,
                    action=AuditAction.UPDATE,
                    target=previous,
                    changes={"status": [ModelStatus.ACTIVE.value, ModelStatus.RETIRED.value]},
                )
        model.full_clean()  # after the retirement: one active model at a time
        model.save()
        values = field_values(model)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=model,
            changes={
                key: [None, str(values[key])]
                for key in (
                    "algorithm",
                    "status",
                    "train_from",
                    "train_to",
                    "test_as_of",
                    "workload_k",
                    "threshold",
                )
            },
        )
    return model
