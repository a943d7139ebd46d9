"""The rules page, the scoring page with its progress fragment, the child's early-warning section,
and the API: who sees what, who may change what, and that a refusal changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from qinfo.risk.models import RiskRule, RuleSet, ScoringRun
from qinfo.risk.scoring import score_network
from tests.risk.conftest import TODAY, Scored
from tests.risk.test_rule_editing import state

RULES = reverse("web:risk_rules")
SCORING = reverse("web:risk_scoring")
PROGRESS = reverse("web:risk_scoring_progress")

CHANGE = {
    "action": "change",
    "code": "attendance_below_80",
    "label_th": "มาเรียนต่ำกว่าร้อยละ 85 ในภาคเรียนนี้",
    "label_en": "Attendance below 85% this term",
    "indicator": "attendance_rate_term",
    "operator": "<",
    "threshold": "85",
    "severity": "problem",
    "dimension": "access",
    "enabled": "on",
    "note": "A stricter line",
}


def test_everyone_reads_the_rules_in_words_and_only_officers_get_the_forms(scored: Scored) -> None:
    teacher = scored.client(scored.o.teacher).get(RULES)
    assert teacher.status_code == 200
    html = teacher.content.decode()
    assert "ขาดเรียนติดต่อกัน 3 วันเรียนขึ้นไป" in html and "≥ 3" in html
    assert "?edit=" not in html
    assert "model-card-link" not in html  # the model card is not for teachers
    officer = scored.client(scored.o.officer).get(RULES, {"edit": "attendance_below_80"})
    html = officer.content.decode()
    assert 'name="threshold" value="80"' in html and "?edit=" in html
    assert "model-card-link" in html


def test_an_officer_changes_a_rule_and_the_versions_show_the_diff(scored: Scored) -> None:
    client = scored.client(scored.o.officer)
    response = client.post(RULES, CHANGE)
    assert response.status_code == 302
    active = RuleSet.objects.get(active=True)
    assert active.version == 2 and active.note == "A stricter line"
    assert float(active.rules.get(code="attendance_below_80").threshold) == 85
    html = client.get(RULES).content.decode()
    assert "80 → 85" in html and "A stricter line" in html


def test_a_refused_change_keeps_what_was_typed_and_changes_nothing(scored: Scored) -> None:
    before = state()
    response = scored.client(scored.o.officer).post(RULES, {**CHANGE, "threshold": "abc"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="abc"' in html and 'class="alert"' in html
    assert state() == before


def test_an_officer_adds_a_rule(scored: Scored) -> None:
    data = {**CHANGE, "action": "add", "code": "over_age_1", "indicator": "over_age"}
    data |= {"operator": ">=", "threshold": "1", "severity": "at_risk", "note": "Earlier"}
    assert scored.client(scored.o.admin).post(RULES, data).status_code == 302
    assert RiskRule.objects.filter(ruleset__active=True, code="over_age_1").exists()


@pytest.mark.parametrize("who", ["teacher", "registrar", "outsider"])
def test_others_cannot_change_rules_or_score(scored: Scored, who: str) -> None:
    client = scored.client(getattr(scored.o, who))
    before = state()
    assert client.post(RULES, CHANGE).status_code == 403
    assert client.post(RULES, {**CHANGE, "action": "add", "code": "x"}).status_code == 403
    assert client.post(SCORING).status_code == 403
    assert state() == before
    assert not ScoringRun.objects.exists() and not DBTaskResult.objects.exists()


def test_score_now_queues_a_run_and_the_fragment_shows_its_progress(
    scored: Scored, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    client = scored.client(scored.o.officer)
    page = client.get(SCORING).content.decode()
    assert "risk-score-now" in page
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(SCORING).status_code == 302
    run = ScoringRun.objects.get()
    assert DBTaskResult.objects.count() == 1
    fragment = client.get(PROGRESS).content.decode()
    assert 'data-running="1"' in fragment and "<progress" in fragment
    ScoringRun.objects.filter(pk=run.pk).update(status="running", step="rules", done=1, total=4)
    fragment = client.get(PROGRESS).content.decode()
    assert 'value="25"' in fragment and "1/4" in fragment
    ScoringRun.objects.filter(pk=run.pk).update(status="done", message="Scored 3 children.")
    fragment = client.get(PROGRESS).content.decode()
    assert 'data-running="0"' in fragment and "Scored 3 children." in fragment
    # the teacher reads the runs but has no button
    teacher = scored.client(scored.o.teacher).get(SCORING).content.decode()
    assert "Scored 3 children." in teacher and "risk-score-now" not in teacher


def test_the_childs_page_shows_the_level_and_the_reasons(scored: Scored) -> None:
    client = scored.client(scored.o.teacher)
    url = reverse("web:student", kwargs={"student_id": scored.streak.pk})
    assert "risk-none" in client.get(url).content.decode()
    score_network(TODAY)
    html = client.get(url).content.decode()
    assert "level-at_risk" in html
    assert "ขาดเรียนติดต่อกัน 3 วันเรียนขึ้นไป" in html and "3" in html
    steady = client.get(reverse("web:student", kwargs={"student_id": scored.steady.pk}))
    assert "level-normal" in steady.content.decode()


# API -------------------------------------------------------------------------------------------


def test_api_scores_rules_and_score_now(
    scored: Scored, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    score_network(TODAY)
    teacher = scored.client(scored.o.teacher)
    body = teacher.get("/api/v1/risk/scores", {"level": "problem"}).json()
    assert [i["student_id"] for i in body["items"]] == [scored.away.pk]
    assert body["items"][0]["ruleset_version"] == 1
    outsider = scored.client(scored.o.outsider).get("/api/v1/risk/scores").json()
    assert outsider["count"] == 0
    rules = teacher.get("/api/v1/risk/rules", {"limit": 100}).json()
    assert "absent_3_days" in {r["code"] for r in rules["items"]}
    assert teacher.get("/api/v1/risk/rules", {"version": 99}).json()["count"] == 0
    assert teacher.get("/api/v1/risk/rules", {"version": 1}).json()["count"] == len(rules["items"])

    before = state()
    refused = teacher.post(
        "/api/v1/risk/score-now", {"as_of": "2026-11-20"}, content_type="application/json"
    )
    assert refused.status_code == 403
    assert state() == before and not ScoringRun.objects.exists()
    officer = scored.client(scored.o.officer)
    with django_capture_on_commit_callbacks(execute=True):
        made = officer.post(
            "/api/v1/risk/score-now", {"as_of": "2026-11-19"}, content_type="application/json"
        )
    assert made.status_code == 200, made.content
    assert made.json()["status"] == "queued" and made.json()["as_of"] == "2026-11-19"
    assert DBTaskResult.objects.count() == 1
    future = officer.post(
        "/api/v1/risk/score-now", {"as_of": "2027-01-01"}, content_type="application/json"
    )
    assert future.status_code == 422 and ScoringRun.objects.count() == 1


def test_an_analyst_reads_rules_and_runs_without_who_made_them(
    scored: Scored, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    from qinfo.accounts.models import Role
    from tests.risk.conftest import make_user

    officer = scored.o.officer
    officer.first_name, officer.last_name = "วิมลรัตน์", "ผู้ตรวจการ"
    officer.save()
    scored.client(officer).post(RULES, CHANGE)
    with django_capture_on_commit_callbacks(execute=True):
        scored.client(officer).post(SCORING)
    analyst = scored.client(make_user("analyst", Role.ANALYST, network=scored.o.network))
    for url in (RULES, SCORING, PROGRESS):
        html = analyst.get(url).content.decode()
        assert "วิมลรัตน์" not in html, url
    assert "A stricter line" in analyst.get(RULES).content.decode()
    assert "วิมลรัตน์" in scored.client(scored.o.teacher).get(RULES).content.decode()
