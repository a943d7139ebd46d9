"""Reads of the early warning: scores (scoped by the child), rules and their versions, runs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qinfo.core.queries import where_given
from qinfo.risk.models import Dimension, Level, RiskRule, RiskScore, RuleSet, ScoringRun
from qinfo.risk.policies import risk_score_policy
from qinfo.risk.rules import OPERATOR_SIGNS, condition_text, is_thai, label_of, number
from qinfo.risk.scoring import MODEL_RULE
from qinfo.riskmodel.explain import factor_text, format_value
from qinfo.riskmodel.features import BY_NAME

# Scores ---------------------------------------------------------------------------------------


def score_list(
    *,
    user: Any,
    student_id: int | None = None,
    school_id: int | None = None,
    classroom_id: int | None = None,
    as_of: dt.date | None = None,
    level: str | None = None,
) -> QuerySet[RiskScore]:
    rows = where_given(
        risk_score_policy.rows(user),
        student_id=student_id,
        school_id=school_id,
        classroom_id=classroom_id,
        as_of=as_of,
        level=level,
    )
    return rows.select_related("ruleset").order_by("-as_of", "student_id", "pk")


def latest_score(user: Any, student_id: int) -> RiskScore | None:
    """The child's latest score the user may see, or None."""
    return score_list(user=user, student_id=student_id).first()


@dataclass(frozen=True)
class Reason:
    """A fired rule in words: "ขาดเรียนติดต่อกัน 3 วันเรียนขึ้นไป (ค่า: 4)"."""

    code: str
    label: str
    value: str
    severity: str
    severity_label: str
    dimension_label: str
    hard: bool


@dataclass
class ScoreSummary:
    as_of: dt.date
    level: str
    level_label: str
    ruleset_version: int
    reasons: list[Reason] = field(default_factory=list)
    probability: float | None = None
    factors: list[str] = field(default_factory=list)

    @property
    def probability_text(self) -> str:
        return "" if self.probability is None else f"{100 * self.probability:.0f}%"


def _value_text(item: dict[str, Any], language: str) -> str:
    if item.get("code") == MODEL_RULE:
        return f"{100 * float(item['value']):.0f}%"
    return format_value(item.get("indicator", ""), item.get("value"), language)


def summary(score: RiskScore) -> ScoreSummary:
    """A score as the child's page says it, in the current language."""
    language = "th" if is_thai() else "en"
    return ScoreSummary(
        as_of=score.as_of,
        level=score.level,
        level_label=str(Level(score.level).label),
        ruleset_version=score.ruleset.version,
        reasons=[
            Reason(
                code=str(item.get("code", "")),
                label=label_of(item),
                value=_value_text(item, language),
                severity=str(item.get("severity", "")),
                severity_label=str(Level(item["severity"]).label)
                if item.get("severity") in Level.values
                else "",
                dimension_label=str(Dimension(item["dimension"]).label)
                if item.get("dimension") in Dimension.values
                else "",
                hard=bool(item.get("hard")),
            )
            for item in score.fired
        ],
        probability=score.probability,
        factors=[factor_text(f, language) for f in score.factors],
    )


def latest_summary(user: Any, student_id: int) -> ScoreSummary | None:
    score = latest_score(user, student_id)
    return summary(score) if score is not None else None


# Rules and versions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleRow:
    code: str
    label: str
    condition: str
    severity: str
    severity_label: str
    dimension_label: str
    hard: bool
    enabled: bool


def rule_row(rule: RiskRule) -> RuleRow:
    return RuleRow(
        code=rule.code,
        label=label_of(rule),
        condition=condition_text(rule.indicator, rule.operator, rule.threshold),
        severity=rule.severity,
        severity_label=str(Level(rule.severity).label),
        dimension_label=str(Dimension(rule.dimension).label),
        hard=rule.hard,
        enabled=rule.enabled,
    )


def rulesets() -> QuerySet[RuleSet]:
    """Every version, newest first, with its rules and who saved it."""
    return RuleSet.objects.select_related("created_by").prefetch_related(
        Prefetch("rules", queryset=RiskRule.objects.order_by("pk"))
    )


#: The fields of a rule that a version may change, with their names on the page.
_FIELDS = {
    "label_th": gettext_lazy("Thai label"),
    "label_en": gettext_lazy("English label"),
    "indicator": gettext_lazy("Indicator"),
    "operator": gettext_lazy("Comparison"),
    "threshold": gettext_lazy("Threshold"),
    "severity": gettext_lazy("Severity"),
    "dimension": gettext_lazy("Dimension"),
    "hard": gettext_lazy("Hard rule"),
    "enabled": gettext_lazy("In use"),
}


def _shown(key: str, value: Any) -> str:
    if key == "threshold":
        return number(value)
    if key in ("hard", "enabled"):
        return str(_("yes") if value else _("no"))
    if key == "severity" and value in Level.values:
        return str(Level(value).label)
    if key == "dimension" and value in Dimension.values:
        return str(Dimension(value).label)
    if key == "indicator" and value in BY_NAME:
        return BY_NAME[value].label("th" if is_thai() else "en")
    if key == "operator":
        return OPERATOR_SIGNS.get(value, str(value))
    return str(value)


def ruleset_changes(older: RuleSet | None, newer: RuleSet) -> list[str]:
    """What changed from one version to the next, one sentence per change."""
    before = {r.code: r for r in older.rules.all()} if older is not None else {}
    lines: list[str] = []
    for rule in newer.rules.all():
        old = before.pop(rule.code, None)
        if old is None:
            lines.append(
                _("Added: {rule} ({condition})").format(
                    rule=label_of(rule),
                    condition=condition_text(rule.indicator, rule.operator, rule.threshold),
                )
            )
            continue
        for key in _FIELDS:
            was, now = getattr(old, key), getattr(rule, key)
            if was != now:
                lines.append(
                    _("{rule}: {field} {old} → {new}").format(
                        rule=label_of(rule),
                        field=_FIELDS[key],
                        old=_shown(key, was),
                        new=_shown(key, now),
                    )
                )
    lines += [_("Removed: {rule}").format(rule=label_of(r)) for r in before.values()]
    return lines


# Runs -----------------------------------------------------------------------------------------


def recent_runs(limit: int = 10) -> list[ScoringRun]:
    return list(
        ScoringRun.objects.select_related("requested_by").order_by("-created_at", "-pk")[:limit]
    )


def run_percent(run: ScoringRun) -> int:
    if run.status == "done":
        return 100
    return int(100 * run.done / run.total) if run.total else 0
