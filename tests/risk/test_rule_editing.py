"""Editing the rules: every save is a new version (a copy with the change), audited; only officers
and administrators; bad input is refused as a whole and nothing changes."""

from __future__ import annotations

from typing import Any

import pytest

from qinfo.audit.models import AuditEvent
from qinfo.core.errors import DomainError, PermissionDenied, error_details
from qinfo.risk.models import RiskRule, RuleSet
from qinfo.risk.selectors import ruleset_changes
from qinfo.risk.services import RuleInput, rule_add, rule_change
from tests.services.conftest import Org


def state() -> tuple[Any, ...]:
    return (
        sorted(RuleSet.objects.values_list("version", "active", "note")),
        sorted(
            RiskRule.objects.values_list(
                "ruleset__version", "code", "threshold", "severity", "enabled", "hard"
            )
        ),
        AuditEvent.objects.count(),
    )


NEW = RuleInput(
    code="reading_low",
    label_th="อ่านไม่คล่อง",
    label_en="Reading needs help",
    indicator="reading_level",
    operator="<=",
    threshold="1",
    severity="at_risk",
    dimension="quality",
)


def test_a_change_makes_a_new_active_version_copying_the_others(organisation: Org) -> None:
    o = organisation
    v1 = RuleSet.objects.get(active=True)
    count = v1.rules.count()
    before = AuditEvent.objects.count()
    v2 = rule_change(
        actor=o.officer,
        code="attendance_below_80",
        changes={"threshold": "85", "hard": True},
        note="Ed-Fi's 88% is too strict; 85% for now",
    )
    v1.refresh_from_db()
    assert (v2.version, v2.active, v1.active) == (2, True, False)
    assert v2.rules.count() == count and v1.rules.count() == count
    changed = v2.rules.get(code="attendance_below_80")
    assert (float(changed.threshold), changed.hard) == (85.0, True)
    assert float(v1.rules.get(code="attendance_below_80").threshold) == 80.0
    others = lambda rs: sorted(  # noqa: E731
        rs.rules.exclude(code="attendance_below_80").values_list("code", "threshold", "severity")
    )
    assert others(v1) == others(v2)
    assert v2.created_by == o.officer and v2.note.startswith("Ed-Fi")
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("pk")
    assert event.target_type == "risk.ruleset" and event.changes["version"] == [1, 2]
    assert event.changes["attendance_below_80.threshold"] == ["80", "85"]
    lines = ruleset_changes(v1, v2)
    assert len(lines) == 2 and any("80 → 85" in line for line in lines)


def test_adding_a_rule(organisation: Org) -> None:
    v2 = rule_add(actor=organisation.admin, rule=NEW, note="Reading matters")
    assert v2.rules.get(code="reading_low").indicator == "reading_level"
    assert v2.rules.count() == RuleSet.objects.get(version=1).rules.count() + 1
    lines = ruleset_changes(RuleSet.objects.get(version=1), v2)
    assert len(lines) == 1 and "อ่านไม่คล่อง" in lines[0]


@pytest.mark.parametrize("who", ["teacher", "registrar", "outsider"])
def test_only_officers_and_admins_edit_rules(organisation: Org, who: str) -> None:
    before = state()
    with pytest.raises(PermissionDenied):
        rule_change(
            actor=getattr(organisation, who),
            code="attendance_below_80",
            changes={"threshold": "70"},
            note="x",
        )
    with pytest.raises(PermissionDenied):
        rule_add(actor=getattr(organisation, who), rule=NEW, note="x")
    assert state() == before


@pytest.mark.parametrize(
    ("changes", "note", "code"),
    [
        ({"threshold": "abc"}, "n", "threshold_number"),
        ({"threshold": "1.0005"}, "n", "threshold_decimals"),
        ({"threshold": "120"}, "n", "threshold_rate"),
        ({"threshold": "1e9"}, "n", "threshold_range"),
        ({"severity": "normal"}, "n", "severity"),
        ({"dimension": "money"}, "n", "dimension"),
        ({"operator": "!="}, "n", "operator"),
        ({"indicator": "shoe_size"}, "n", "indicator"),
        ({"label_th": "  "}, "n", "label"),
        ({"threshold": "70"}, "   ", "note_required"),
        ({"threshold": "70"}, "x" * 301, "note_too_long"),
        ({"threshold": "80"}, "n", "unchanged"),
        ({"code": "other"}, "n", "field"),
    ],
)
def test_bad_changes_are_refused_and_nothing_changes(
    organisation: Org, changes: dict[str, Any], note: str, code: str
) -> None:
    before = state()
    with pytest.raises(DomainError) as refused:
        rule_change(
            actor=organisation.officer, code="attendance_below_80", changes=changes, note=note
        )
    assert [d["code"] for d in error_details(refused.value)] == [code]
    assert state() == before


def test_a_negative_count_threshold_and_a_taken_code_are_refused(organisation: Org) -> None:
    before = state()
    with pytest.raises(DomainError):
        rule_change(
            actor=organisation.officer, code="zero_grades_2", changes={"threshold": "-1"}, note="n"
        )
    with pytest.raises(DomainError):
        rule_add(
            actor=organisation.officer,
            rule=RuleInput(**{**NEW.__dict__, "code": "failing_thai"}),
            note="n",
        )
    with pytest.raises(DomainError):
        rule_add(
            actor=organisation.officer, rule=RuleInput(**{**NEW.__dict__, "code": "a b"}), note="n"
        )
    with pytest.raises(DomainError):
        rule_change(actor=organisation.officer, code="no_such_rule", changes={}, note="n")
    assert state() == before
