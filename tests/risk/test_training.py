"""Training the network's model on the small demo's history, stored with its card and audited
(docs/definitions.md §17, "The network's model")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils.translation import override

from qinfo.audit.models import AuditEvent
from qinfo.demo.build import build_demo
from qinfo.risk.indicators import indicators_as_of
from qinfo.risk.labels import did_not_continue
from qinfo.risk.models import ModelStatus, RiskModel, RiskRule, RuleSet
from qinfo.risk.training import risk_model_train, training_dates
from qinfo.riskmodel.serialise import load_model

TODAY = dt.date(2026, 11, 20)
DATES = [dt.date(2023, 11, 10), dt.date(2024, 11, 10), dt.date(2025, 11, 10)]


def backwards_rules() -> None:
    """A rule set that flags the children who never miss a day: any model beats it."""
    RuleSet.objects.update(active=False)
    ruleset = RuleSet.objects.create(version=99, active=True, note="backwards")
    RiskRule.objects.create(
        ruleset=ruleset, code="perfect", label_th="มาทุกวัน", label_en="Never absent",
        indicator="attendance_rate_term", operator=">=", threshold=Decimal("100"),
        severity="at_risk", dimension="access",
    )  # fmt: skip


@pytest.fixture
def demo(db: None) -> None:
    build_demo(scale="small", seed=1, today=TODAY, early_warning=False)


def test_training_stores_an_active_model_with_its_card(demo: None) -> None:
    # Too little history, or a workload of nobody: refused, and nothing is written.
    with override("en"), pytest.raises(ValidationError, match="at least two past school years"):
        risk_model_train(actor=None, today=dt.date(2025, 11, 9))
    with pytest.raises(ValidationError):
        risk_model_train(actor=None, today=TODAY, workload=0)
    assert not RiskModel.objects.exists()
    assert not AuditEvent.objects.filter(target_type="risk.riskmodel").exists()

    assert training_dates(TODAY) == DATES
    assert training_dates(dt.date(2026, 11, 9)) == DATES[:2]  # the last window is not over
    backwards_rules()
    previous = RiskModel.objects.create(
        algorithm="gbm", status=ModelStatus.ACTIVE, train_from=DATES[0], train_to=DATES[0],
        test_as_of=DATES[1], artefact="{}", workload_k=1, threshold=0.5,
    )  # fmt: skip
    model = risk_model_train(actor=None, today=TODAY)

    card = model.card
    assert model.status == ModelStatus.ACTIVE and card["gate"]["active"]
    previous.refresh_from_db()
    assert previous.status == ModelStatus.RETIRED
    assert (model.train_from, model.train_to, model.test_as_of) == tuple(DATES)
    assert card["rules"] == {"version": 99, "count": 1}
    # The card's counts are the children enrolled on each date and the label's ones.
    for row, as_of in zip(card["data"], DATES, strict=True):
        frame = indicators_as_of(as_of)
        assert row["n"] == len(frame)
        assert row["left"] == int(did_not_continue(as_of, frame.index).sum()) > 0
    # The stored artefact is the evaluated model: its cut-off picks k children of the test year.
    fitted = load_model(model.artefact)
    p = fitted.predict_proba(indicators_as_of(DATES[2]))
    # (children tied at the cut-off all count: at least k, and none above it left out)
    assert model.workload_k == card["workload"]["k"]
    assert int((p > model.threshold).sum()) < model.workload_k <= int((p >= model.threshold).sum())
    assert fitted.features == model.features == card["features"]
    metrics = card["metrics"]
    assert metrics["gbm"]["auc"] > metrics["rules"]["auc"]
    assert set(card["groups"]["gbm"]) == {"sex", "poverty"}
    assert set(card["groups"]["gbm"]["sex"]["groups"]) == {"F", "M"}
    events = AuditEvent.objects.filter(target_type="risk.riskmodel")
    assert events.filter(action="create", target_id=str(model.pk)).count() == 1
    assert events.filter(action="update", target_id=str(previous.pk)).count() == 1


def test_the_command_prints_the_table_and_the_decision(demo: None, capsys) -> None:
    backwards_rules()
    call_command("risk_train", "--workload", "50", "--today", TODAY.isoformat())
    out = capsys.readouterr().out
    model = RiskModel.objects.get()
    assert model.workload_k == 50 and model.card["workload"]["source"] == "stated"
    assert "model (LightGBM)" in out and "logistic" in out and "rules" in out
    assert f"model {model.pk}: active" in out
    auc = model.card["metrics"]["gbm"]["auc"]
    assert f"{auc:.3f}" in out
