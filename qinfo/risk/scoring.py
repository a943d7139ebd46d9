"""Scoring the network as of a date (docs/definitions.md §16, §19).

Indicators of every enrolled child (``indicators_as_of``), the active rules, and the active learned
model when there is one: its probability of not continuing and the factors behind it. A child whose
probability reaches the model's threshold is at least "at risk", with the pseudo-rule "model" among
the fired rules, so that the page says why. One ``RiskScore`` per child for the day, written in one
transaction that replaces that day's scores (an upsert on student and date, so alerts that point to
a score keep it), and one audit event per run. Progress goes into the ``ScoringRun`` between
steps. The rows are written by ``qinfo.risk.score_write`` (plain multi-row upserts: the ORM took
most of the time).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
from django.db import transaction

from qinfo.audit.models import AuditAction
from qinfo.audit.services import audit_record
from qinfo.risk.indicators import indicators_as_of
from qinfo.risk.models import ModelStatus, RiskModel, RiskScore, ScoringRun
from qinfo.risk.rules import active_rules
from qinfo.risk.score_write import upsert_scores
from qinfo.riskmodel.features import NAMES
from qinfo.riskmodel.rules import LEVELS, RANK, evaluate_rules
from qinfo.riskmodel.serialise import load_model

#: Children per statement when a day's stale scores are deleted.
CHUNK = 2000
#: The steps a run goes through, in order (the page names them).
STEPS = ("indicators", "rules", "model", "writing", "alerts", "done")
MODEL_RULE = "model"
#: How many factors (raising, then lowering) are kept per child.
TOP_FACTORS = 3


def progress(run: ScoringRun | None, **values: Any) -> None:
    """Saves the run's progress at once (outside any transaction of the scoring itself)."""
    if run is None:
        return
    for key, value in values.items():
        setattr(run, key, value)
    ScoringRun.objects.filter(pk=run.pk).update(**values)


def model_fired(probability: float, threshold: float) -> dict[str, Any]:
    """The learned model as a fired rule, so that a child's reasons always list it."""
    return {
        "code": MODEL_RULE,
        "label_th": "แบบจำลองประเมินว่ามีโอกาสไม่ได้เรียนต่อสูง",
        "label_en": "The learned model rates the risk of not continuing as high",
        "indicator": "probability",
        "operator": ">=",
        "threshold": round(float(threshold), 4),
        "value": round(float(probability), 4),
        "severity": "at_risk",
        "dimension": "access",
        "hard": False,
    }


def _indicator_dicts(frame: pd.DataFrame) -> list[dict[str, float | None]]:
    names = [n for n in NAMES if n in frame.columns]
    values = frame[names].to_numpy(dtype=float).round(4)
    cells = values.astype(object)
    cells[np.isnan(values)] = None
    return [dict(zip(names, row, strict=True)) for row in cells.tolist()]


def _optional_ids(frame: pd.DataFrame, column: str) -> list[int | None]:
    if column not in frame.columns:
        return [None] * len(frame)
    return [None if pd.isna(v) else int(v) for v in frame[column].tolist()]


def score_network(as_of: dt.date, *, run: ScoringRun | None = None) -> int:
    """Scores every child enrolled on ``as_of``; returns how many were scored."""
    progress(run, step="indicators", done=0, total=0)
    frame = indicators_as_of(as_of)
    n = len(frame)
    progress(run, step="rules", total=n)
    ruleset, specs = active_rules()
    verdicts = evaluate_rules(frame, specs)
    rank = np.array([RANK[level] for level in verdicts.levels.tolist()], dtype=np.int8)
    fired = verdicts.fired

    model = RiskModel.objects.filter(status=ModelStatus.ACTIVE).first()
    probability: list[float | None] = [None] * n
    factors: list[list[dict[str, Any]]] = [[] for _ in range(n)]
    if model is not None and n:
        progress(run, step="model")
        fitted = load_model(model.artefact)
        p, factors = fitted.predict_and_explain(frame, top=TOP_FACTORS)
        probability = [round(float(v), 6) for v in p]
        high = p >= model.threshold
        rank = np.where(high, np.maximum(rank, RANK["at_risk"]), rank)
        for i in np.flatnonzero(high).tolist():
            fired[i] = [*fired[i], model_fired(p[i], model.threshold)]

    progress(run, step="writing")
    students = [int(s) for s in frame.index.tolist()]
    with transaction.atomic():
        upsert_scores(
            as_of,
            students=students,
            schools=[int(v) for v in frame["school_id"].tolist()] if n else [],
            classrooms=_optional_ids(frame, "classroom_id"),
            levels=[LEVELS[r] for r in rank.tolist()],
            probabilities=probability,
            ruleset_id=ruleset.pk,
            model_id=model.pk if model is not None else None,
            fired=fired,
            factors=factors,
            indicators=_indicator_dicts(frame),
        )
        # Children scored earlier that day but no longer enrolled on it.
        stale = sorted(
            set(RiskScore.objects.filter(as_of=as_of).values_list("student_id", flat=True))
            - set(students)
        )
        for begin in range(0, len(stale), CHUNK):
            RiskScore.objects.filter(
                as_of=as_of, student_id__in=stale[begin : begin + CHUNK]
            ).delete()
        audit_record(
            actor=run.requested_by if run is not None else None,
            action=AuditAction.CREATE,
            target_type=RiskScore._meta.label_lower,
            target_id=as_of.isoformat(),
            changes={
                "scored": [None, n],
                "ruleset": [None, ruleset.version],
                "model": [None, model.pk if model is not None else None],
                "run": [None, run.pk if run is not None else None],
            },
        )
    progress(run, done=n)
    return n
