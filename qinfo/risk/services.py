"""Editing the early-warning rules (docs/definitions.md §16) and asking for a scoring (§19).

Rules are never changed in place: every save makes a new ``RuleSet`` version, a copy of the active
one with the change, and makes it the active one; scores keep the version that judged them. Only a
municipality officer or an administrator edits rules. The whole input is checked first and refused
as a whole with a clear message; then one transaction and one audit event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from qinfo.audit.models import AuditAction
from qinfo.audit.services import audit_record
from qinfo.core.services import refuse, require
from qinfo.organisations.scope import scope_for
from qinfo.risk.models import Dimension, Level, Operator, RiskRule, RuleSet, ScoringRun
from qinfo.risk.rules import active_ruleset, number
from qinfo.riskmodel.features import BY_NAME

NOTE_MAX = RuleSet._meta.get_field("note").max_length or 300
LABEL_MAX = RiskRule._meta.get_field("label_th").max_length or 200
CODE_MAX = RiskRule._meta.get_field("code").max_length or 40
THRESHOLD_MAX = Decimal("99999.999")
SEVERITIES = frozenset({Level.AT_RISK.value, Level.PROBLEM.value})


@dataclass(frozen=True)
class RuleInput:
    """One rule as typed by an officer (strings from a form are checked and converted)."""

    code: str
    label_th: str
    label_en: str
    indicator: str
    operator: str
    threshold: Any
    severity: str
    dimension: str
    hard: bool = False
    enabled: bool = True


EDITABLE = frozenset(f.name for f in fields(RuleInput)) - {"code"}


def may_edit_rules(user: Any) -> bool:
    """Municipality officers and administrators."""
    scope = scope_for(user)
    return scope.is_admin or bool(scope.officer_network_ids)


def may_request_scoring(user: Any) -> bool:
    """Officers and administrators: a scoring judges the whole network at once (the nightly one
    does the same), so it is asked for by those who answer for the network, not by one school."""
    return may_edit_rules(user)


def _threshold(value: Any) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError) as exc:
        raise refuse(_("The threshold must be a number."), "threshold_number", "threshold") from exc
    if not number.is_finite() or abs(number) > THRESHOLD_MAX:
        raise refuse(
            _("The threshold must be a number between -99999.999 and 99999.999."),
            "threshold_range",
            "threshold",
        )
    if number != number.quantize(Decimal("0.001")):
        raise refuse(
            _("The threshold has at most three decimals."), "threshold_decimals", "threshold"
        )
    return number


def _checked(rule: RuleInput) -> RuleInput:
    """The rule with its threshold as a Decimal and labels stripped, or a refusal."""
    code = rule.code.strip()
    if not code or len(code) > CODE_MAX or slugify(code) != code.lower():
        raise refuse(
            _("The code is 1 to 40 letters, digits, hyphens or underscores."), "code", "code"
        )
    for field in ("label_th", "label_en"):
        text = str(getattr(rule, field)).strip()
        if not text or len(text) > LABEL_MAX:
            raise refuse(
                _("Each rule needs a Thai and an English label of at most 200 characters."),
                "label",
                field,
            )
    indicator = BY_NAME.get(rule.indicator)
    if indicator is None:
        raise refuse(_("Unknown indicator."), "indicator", "indicator")
    if rule.operator not in Operator.values:
        raise refuse(_("Unknown comparison."), "operator", "operator")
    if rule.severity not in SEVERITIES:
        raise refuse(_("The severity is at risk or problem."), "severity", "severity")
    if rule.dimension not in Dimension.values:
        raise refuse(_("Unknown dimension."), "dimension", "dimension")
    threshold = _threshold(rule.threshold)
    if indicator.kind == "rate" and not 0 <= threshold <= 100:
        raise refuse(
            _("A rate is a percentage: the threshold is between 0 and 100."),
            "threshold_rate",
            "threshold",
        )
    if indicator.kind in ("count", "flag", "level") and threshold < 0:
        raise refuse(
            _("This indicator is never negative: the threshold must be 0 or more."),
            "threshold_negative",
            "threshold",
        )
    return replace(
        rule,
        code=code.lower(),
        label_th=str(rule.label_th).strip(),
        label_en=str(rule.label_en).strip(),
        threshold=threshold,
        hard=bool(rule.hard),
        enabled=bool(rule.enabled),
    )


def _checked_note(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise refuse(
            _("Say in a note why the rules change; the note stays with the version."),
            "note_required",
            "note",
        )
    if len(note) > NOTE_MAX:
        raise refuse(_("The note is at most 300 characters."), "note_too_long", "note")
    return note


def _as_input(rule: RiskRule) -> RuleInput:
    return RuleInput(**{f.name: getattr(rule, f.name) for f in fields(RuleInput)})


def _plain(rule: RuleInput) -> dict[str, Any]:
    values = asdict(rule)
    values["threshold"] = number(values["threshold"])
    return values


def _save_version(
    actor: Any, rules: list[RuleInput], note: str, changed: dict[str, Any]
) -> RuleSet:
    with transaction.atomic():
        current = RuleSet.objects.select_for_update().filter(active=True).first()
        version = (RuleSet.objects.aggregate(v=Max("version"))["v"] or 0) + 1
        RuleSet.objects.filter(active=True).update(active=False)
        try:
            ruleset = RuleSet.objects.create(
                version=version, note=note, active=True, created_by=actor
            )
        except IntegrityError as exc:  # another officer saved at the same moment
            raise refuse(
                _("Someone else saved the rules at the same time; open them again."),
                "concurrent_edit",
            ) from exc
        RiskRule.objects.bulk_create(RiskRule(ruleset=ruleset, **asdict(r)) for r in rules)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=ruleset,
            changes={
                "version": [current.version if current else None, version],
                "note": [None, note],
                **changed,
            },
        )
    return ruleset


def rule_change(*, actor: Any, code: str, changes: Mapping[str, Any], note: str) -> RuleSet:
    """A new version in which the rule ``code`` has the given fields changed."""
    require(may_edit_rules(actor))
    unknown = set(changes) - EDITABLE
    if unknown:
        raise refuse(
            _("These fields cannot be changed: {}").format(", ".join(sorted(unknown))), "field"
        )
    note = _checked_note(note)
    current = active_ruleset()
    rules = [_as_input(r) for r in current.rules.order_by("pk")]
    index = next((i for i, r in enumerate(rules) if r.code == code), None)
    if index is None:
        raise refuse(
            _("There is no rule with this code in the active rules."), "rule_unknown", "code"
        )
    before = rules[index]
    after = _checked(replace(before, **changes))
    if _plain(after) == _plain(_checked(before)):
        raise refuse(_("Nothing changed: the rule is as it was."), "unchanged")
    rules[index] = after
    delta = {
        f"{code}.{key}": [old, new]
        for key, old in _plain(before).items()
        if (new := _plain(after)[key]) != old
    }
    return _save_version(actor, rules, note, delta)


def rule_add(*, actor: Any, rule: RuleInput, note: str) -> RuleSet:
    """A new version with one more rule."""
    require(may_edit_rules(actor))
    note = _checked_note(note)
    rule = _checked(rule)
    current = active_ruleset()
    rules = [_as_input(r) for r in current.rules.order_by("pk")]
    if any(r.code == rule.code for r in rules):
        raise refuse(_("A rule with this code already exists."), "code_taken", "code")
    return _save_version(actor, [*rules, rule], note, {f"{rule.code}": [None, _plain(rule)]})


def scoring_request(*, actor: Any, as_of: dt.date | None = None) -> ScoringRun:
    """A queued scoring run of the network as of ``as_of`` (today by default). ``actor`` None is
    the nightly command (``qinfo risk score``). The caller enqueues the task
    (``qinfo.alerts.tasks.score_later``): this app must not import alerts."""
    if actor is not None:
        require(may_request_scoring(actor))
    today = timezone.localdate()
    as_of = as_of or today
    if as_of > today:
        raise refuse(_("A scoring cannot be as of a future date."), "date_future", "as_of")
    with transaction.atomic():
        run = ScoringRun.objects.create(as_of=as_of, requested_by=actor)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=run,
            changes={"as_of": [None, as_of.isoformat()]},
        )
    return run
