"""score_network on data recorded through the services: levels, fired rules, the model, replacing
a day's scores, progress, the audit trail."""

from __future__ import annotations

import datetime as dt

from qinfo.audit.models import AuditEvent
from qinfo.enrolment.models import EnrolmentStatus
from qinfo.enrolment.services import enrolment_close
from qinfo.risk.models import ModelStatus, RiskModel, RiskScore, RuleSet, ScoringRun
from qinfo.risk.rules import active_rules
from qinfo.risk.scoring import score_network
from qinfo.risk.services import rule_change
from qinfo.riskmodel.features import NAMES
from qinfo.riskmodel.serialise import Calibration, LogisticRisk, dump_model
from tests.risk.conftest import TODAY, Scored


def _by_student(day: dt.date = TODAY) -> dict[int, RiskScore]:
    return {s.student_id: s for s in RiskScore.objects.filter(as_of=day)}


def test_seeded_rules_are_version_1_and_active(db: None) -> None:
    ruleset, specs = active_rules()
    assert ruleset.version == 1 and ruleset.active
    codes = {s.code for s in specs}
    assert {"absent_3_days", "attendance_below_80", "zero_grades_2", "sdq_problem"} <= codes
    streak = next(s for s in specs if s.code == "absent_3_days")
    assert (streak.operator, streak.threshold, streak.hard) == (">=", 3.0, True)
    assert all(s.indicator in NAMES for s in specs)


def test_levels_and_reasons_follow_the_rules(scored: Scored) -> None:
    assert score_network(TODAY) == 3
    scores = _by_student()
    steady, streak, away = (scores[s.pk] for s in (scored.steady, scored.streak, scored.away))
    assert (steady.level, steady.fired) == ("normal", [])
    assert streak.level == "at_risk"
    fired = {f["code"]: f for f in streak.fired}
    assert set(fired) == {"absent_3_days"}  # chronic absence is seeded switched off
    assert fired["absent_3_days"]["value"] == 3 and fired["absent_3_days"]["hard"] is True
    assert away.level == "problem"
    assert {f["code"] for f in away.fired} == {"attendance_below_80"}
    assert streak.indicators["attendance_rate_term"] == 80.0
    assert streak.indicators["zero_grades"] is None  # unknown stays unknown
    assert {s.ruleset.version for s in scores.values()} == {1}
    assert all(s.probability is None and s.model_id is None for s in scores.values())
    assert {s.school_id for s in scores.values()} == {scored.o.school.pk}


def test_rescoring_the_day_replaces_it_and_keeps_the_rows(scored: Scored) -> None:
    score_network(TODAY)
    before = {s.student_id: s.pk for s in RiskScore.objects.all()}
    rule_change(
        actor=scored.o.officer,
        code="absent_3_days",
        changes={"severity": "problem"},
        note="Three days in a row is serious",
    )
    score_network(TODAY)
    after = _by_student()
    assert {sid: s.pk for sid, s in after.items()} == before
    assert after[scored.streak.pk].level == "problem"
    assert after[scored.streak.pk].ruleset.version == 2


def test_a_child_who_left_loses_that_days_score_on_rescoring(scored: Scored) -> None:
    score_network(TODAY)
    enrolment = scored.away.enrolments.get()
    enrolment_close(
        actor=scored.o.registrar,
        enrolment=enrolment,
        status=EnrolmentStatus.TRANSFERRED_OUT,
        end_date=TODAY - dt.timedelta(days=1),
        exit_reason="moved_house",
    )
    assert score_network(TODAY) == 2
    assert scored.away.pk not in _by_student()


def test_a_run_gets_progress_and_one_audit_event(scored: Scored) -> None:
    run = ScoringRun.objects.create(as_of=TODAY, requested_by=scored.o.officer)
    before = AuditEvent.objects.count()
    score_network(TODAY, run=run)
    run.refresh_from_db()
    assert (run.done, run.total) == (3, 3)
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("pk")
    assert event.target_type == "risk.riskscore" and event.actor == scored.o.officer
    assert event.changes["scored"] == [None, 3] and event.changes["run"] == [None, run.pk]


def _model(threshold: float) -> RiskModel:
    """A logistic model in which only days absent in a row matter (one log-odd a day)."""
    features = list(NAMES)
    coef = [1.0 if name == "absent_streak" else 0.0 for name in features]
    fitted = LogisticRisk(
        features,
        Calibration(),
        fill=[0.0] * len(features),
        mean=[0.0] * len(features),
        scale=[1.0] * len(features),
        coef=coef,
        intercept=-2.0,
    )
    return RiskModel.objects.create(
        algorithm="logistic",
        status=ModelStatus.ACTIVE,
        train_from=dt.date(2024, 6, 1),
        train_to=dt.date(2025, 6, 1),
        test_as_of=dt.date(2025, 11, 1),
        features=features,
        artefact=dump_model(fitted),
        workload_k=10,
        threshold=threshold,
    )


def test_an_active_model_adds_probability_factors_and_can_raise_the_level(scored: Scored) -> None:
    model = _model(threshold=0.5)
    score_network(TODAY)
    scores = _by_student()
    streak, steady = scores[scored.streak.pk], scores[scored.steady.pk]
    # absent_streak 3: raw 3 - 2 = 1 → p = 0.731; steady: raw -2 → p = 0.119
    assert abs(streak.probability - 0.7311) < 1e-3 and abs(steady.probability - 0.1192) < 1e-3
    assert streak.model_id == model.pk
    assert "model" in {f["code"] for f in streak.fired}
    assert "model" not in {f["code"] for f in steady.fired}
    assert streak.factors[0]["indicator"] == "absent_streak" and streak.factors[0]["effect"] > 0
    assert steady.level == "normal"


def test_the_model_alone_makes_a_child_at_risk(scored: Scored) -> None:
    _model(threshold=0.1)  # everyone's probability is at least 0.119
    score_network(TODAY)
    steady = _by_student()[scored.steady.pk]
    assert steady.level == "at_risk"
    assert [f["code"] for f in steady.fired] == ["model"]


def test_a_disabled_rule_fires_no_more(scored: Scored) -> None:
    rule_change(
        actor=scored.o.officer, code="attendance_below_80", changes={"enabled": False}, note="Off"
    )
    score_network(TODAY)
    codes = {f["code"] for s in RiskScore.objects.all() for f in s.fired}
    assert "attendance_below_80" not in codes and "absent_3_days" in codes
    assert RuleSet.objects.get(active=True).version == 2
