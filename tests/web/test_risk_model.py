"""The learned model's card page: who may read it, what it shows, and its fairness warning."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from django.urls import reverse

from qinfo.risk.models import ModelStatus, RiskModel
from qinfo.riskmodel.serialise import dump_model
from qinfo.riskmodel.training import backtest
from tests.riskmodel.test_training import examples, hidden_attendance, rule
from tests.web.conftest import PageWorld

URL = reverse("web:risk_model")


def english(page_world: PageWorld, persona: str):
    client = page_world.client(persona)
    client.post(reverse("set_language"), {"language": "en", "next": URL})
    return client


@pytest.fixture(scope="module")
def trained():
    return backtest(examples(hidden_attendance), [rule("absent_streak", ">=", 2)],
                    trained_on=dt.date(2026, 11, 20))  # fmt: skip


def store(result, *, status: str, warned: bool) -> RiskModel:
    card = copy.deepcopy(result.card)
    sex = card["groups"]["gbm"]["sex"]
    other = next(g for g in sex["groups"] if g != sex["reference"])
    warning = {"group": other, "rate": "false_positive_rate", "ratio": 1.6}
    sex["warnings"] = [warning] if warned else []
    card["warnings"] = [{"group": "sex", **warning}] if warned else []
    return RiskModel.objects.create(
        algorithm="gbm", status=status, train_from=dt.date(2023, 11, 10),
        train_to=dt.date(2024, 11, 10), test_as_of=dt.date(2025, 11, 10),
        features=result.model.features, artefact=dump_model(result.model),
        workload_k=result.workload_k, threshold=result.threshold, card=card,
    )  # fmt: skip


@pytest.mark.parametrize("persona", ["officer", "director", "analyst", "admin"])
def test_the_card_shows_the_active_model_beside_the_rules(page_world: PageWorld, trained, persona):
    rejected = store(trained, status=ModelStatus.REJECTED, warned=False)
    active = store(trained, status=ModelStatus.ACTIVE, warned=True)
    response = english(page_world, persona).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="model-card"' in html and f"Model {active.pk}" in html
    for side in ("gbm", "logistic", "rules"):
        assert f'id="metrics-{side}"' in html
    auc = trained.card["metrics"]["gbm"]["auc"]
    assert f"{auc:.3f}" in html
    assert 'id="fairness-warning"' in html and "0.8–1.25" in html
    assert "Girls" in html and "Boys" in html and "Extremely poor" in html
    assert "Attendance rate this term" in html  # what weighs most, by its label
    assert "<svg" in html  # the calibration chart
    assert f"?model={rejected.pk}" in html  # the history lists every model
    for student in page_world.students:  # no child on the card
        assert student.first_name_th not in html


def test_an_older_model_is_shown_on_request_without_a_warning(page_world: PageWorld, trained):
    rejected = store(trained, status=ModelStatus.REJECTED, warned=False)
    store(trained, status=ModelStatus.ACTIVE, warned=True)
    client = english(page_world, "officer")
    html = client.get(URL, {"model": rejected.pk}).content.decode()
    assert f"Model {rejected.pk}" in html and 'id="fairness-warning"' not in html
    assert "Rejected: did not beat the rules" in html
    assert client.get(URL, {"model": 99999}).status_code == 404


def test_thai_first_and_no_model_yet(page_world: PageWorld):
    html = page_world.client("officer").get(URL).content.decode()
    assert 'id="no-model"' in html and 'lang="th"' in html


@pytest.mark.parametrize("persona", ["teacher", "outsider"])
def test_teachers_are_refused(page_world: PageWorld, persona):
    assert page_world.client(persona).get(URL).status_code == 403


def test_anonymous_goes_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]
