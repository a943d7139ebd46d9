"""Writing the Blueprint (docs/definitions.md §24): plans, goals, KPIs with their three targets,
and schools' own targets.

Every service checks the whole input first and refuses it as a whole with a clear message,
writing nothing; then one transaction and one audit event. Only officers of the plan's network
and administrators write. An archived plan is read-only; nothing is ever deleted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qinfo.audit.models import AuditAction
from qinfo.audit.services import audit_record, diff
from qinfo.blueprint.catalogue import VALUE_MAX, indicators, parse_number, stored
from qinfo.blueprint.models import (
    YEAR_MAX,
    YEAR_MIN,
    Domain,
    Goal,
    Kpi,
    Plan,
    PlanStatus,
    SchoolTarget,
    Target,
)
from qinfo.blueprint.policies import may_write_network
from qinfo.core.services import field_values, refuse, require, save_changes, save_new
from qinfo.organisations.models import GradeLevel, Network, School

NAME_MAX = 200
TITLE_MAX = 300
#: How far before the plan a baseline year may lie.
BASELINE_YEARS_BACK = 10


def _text(value: Any, *, field: str, limit: int, required: bool) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise refuse(_("A Thai name is required."), "name_required", field)
    if len(text) > limit:
        raise refuse(_("The text is too long."), "too_long", field)
    return text


def _year(value: Any, field: str) -> int:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError) as exc:
        raise refuse(_("The year must be a Buddhist Era year."), "year", field) from exc
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise refuse(_("The year must be a Buddhist Era year, e.g. 2569."), "year_range", field)
    return year


def _writable(actor: Any, plan: Plan) -> None:
    require(may_write_network(actor, plan.network_id))
    if plan.status == PlanStatus.ARCHIVED:
        raise refuse(_("This plan is archived and can no longer be changed."), "plan_archived")


def typed_value(typed: Any, unit: str, field: str) -> Decimal:
    """A value as a person types it (a rate in percent, 0..100) → as stored, or a refusal."""
    number = parse_number(typed)
    if number is None:
        raise refuse(_("Each value must be a number."), "value_number", field)
    if unit == "rate" and not 0 <= number <= 100:
        raise refuse(_("A rate is a percentage between 0 and 100."), "value_rate", field)
    if not 0 <= number <= VALUE_MAX:
        raise refuse(_("The value must be between 0 and 1,000,000."), "value_range", field)
    value = stored(number, unit).quantize(Decimal("0.000001"))
    return value


# Plans ------------------------------------------------------------------------------------------


def plan_create(
    *, actor: Any, network: Network, name_th: str, first_year_be: Any, name_en: str = ""
) -> Plan:
    require(may_write_network(actor, network.pk))
    plan = Plan(
        network=network,
        name_th=_text(name_th, field="name_th", limit=NAME_MAX, required=True),
        name_en=_text(name_en, field="name_en", limit=NAME_MAX, required=False),
        first_year_be=_year(first_year_be, "first_year_be"),
        created_by=actor,
    )
    save_new(plan, actor=actor)
    return plan


def plan_rename(
    *, actor: Any, plan: Plan, name_th: str, name_en: str = "", at_risk_share: Any = None
) -> Plan:
    """Changes the plan's names and, when given, the share of the way from the baseline to the
    target that makes a KPI "at risk" rather than "off track" (typed in percent, 1–100)."""
    _writable(actor, plan)
    names = (
        _text(name_th, field="name_th", limit=NAME_MAX, required=True),
        _text(name_en, field="name_en", limit=NAME_MAX, required=False),
    )
    share = plan.at_risk_share
    if at_risk_share not in (None, ""):
        typed = parse_number(at_risk_share)
        if typed is None or not 1 <= typed <= 100:
            raise refuse(
                _("The share of the way is a percentage between 1 and 100."),
                "at_risk_share",
                "at_risk_share",
            )
        share = (typed / 100).quantize(Decimal("0.001"))
    before = field_values(plan)
    plan.name_th, plan.name_en = names
    plan.at_risk_share = share
    save_changes(plan, actor=actor, before=before)
    return plan


def plan_adopt(*, actor: Any, plan: Plan) -> Plan:
    """A draft becomes the network's plan; it needs at least one KPI with its three targets."""
    _writable(actor, plan)
    if plan.status != PlanStatus.DRAFT:
        raise refuse(_("Only a draft plan can be adopted."), "not_draft")
    kpis = Kpi.objects.filter(goal__plan=plan, goal__active=True, active=True)
    if not kpis.exists():
        raise refuse(_("Add at least one KPI before adopting the plan."), "no_kpi")
    before = field_values(plan)
    plan.status, plan.adopted_at = PlanStatus.ADOPTED, timezone.now()
    save_changes(plan, actor=actor, before=before)
    return plan


def plan_archive(*, actor: Any, plan: Plan) -> Plan:
    """Plans are never deleted: an archived plan stays readable and cannot be changed."""
    _writable(actor, plan)
    before = field_values(plan)
    plan.status, plan.archived_at = PlanStatus.ARCHIVED, timezone.now()
    if plan.adopted_at is None:
        plan.adopted_at = plan.archived_at
    save_changes(plan, actor=actor, before=before)
    return plan


# Goals ------------------------------------------------------------------------------------------


def goal_add(*, actor: Any, plan: Plan, title_th: str, domain: str, title_en: str = "") -> Goal:
    _writable(actor, plan)
    if domain not in Domain.values:
        raise refuse(_("The domain is equity, quality or efficiency."), "domain", "domain")
    last = Goal.objects.filter(plan=plan).aggregate(last=Max("order"))["last"] or 0
    goal = Goal(
        plan=plan,
        title_th=_text(title_th, field="title_th", limit=TITLE_MAX, required=True),
        title_en=_text(title_en, field="title_en", limit=TITLE_MAX, required=False),
        domain=domain,
        order=last + 1,
    )
    save_new(goal, actor=actor)
    return goal


def goal_withdraw(*, actor: Any, goal: Goal) -> Goal:
    _writable(actor, goal.plan)
    before = field_values(goal)
    goal.active = False
    save_changes(goal, actor=actor, before=before)
    return goal


# KPIs -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KpiInput:
    """A KPI as typed: targets by plan year, in the indicator's unit as shown (rates in %)."""

    name_th: str
    indicator: str
    baseline_year_be: Any
    targets: Mapping[Any, Any]
    name_en: str = ""
    category: str = ""
    grade: Any = None
    baseline_value: Any = None
    tolerance: Any = None
    #: Only for an indicator with no better direction (``higher_is_better`` None).
    higher_is_better: bool | None = None


def _targets(plan: Plan, typed: Mapping[Any, Any], unit: str) -> dict[int, Decimal]:
    years = {}
    for key, value in typed.items():
        year = _year(key, "targets")
        if year in years:
            raise refuse(_("Give one target for each year of the plan."), "targets", "targets")
        years[year] = value
    if set(years) != set(plan.years):
        raise refuse(
            _("Give one target for each of the plan's three years."), "target_years", "targets"
        )
    return {year: typed_value(years[year], unit, "targets") for year in plan.years}


def _checked_kpi(plan: Plan, typed: KpiInput) -> tuple[Kpi, dict[int, Decimal]]:
    indicator = indicators().get(typed.indicator)
    if indicator is None:
        raise refuse(_("Unknown indicator."), "indicator", "indicator")
    direction = indicator.higher_is_better
    if direction is None:
        direction = typed.higher_is_better
        if direction is None:
            raise refuse(
                _("Say whether a higher value is better for this indicator."),
                "direction",
                "higher_is_better",
            )
    unit = str(indicator.unit)
    baseline_year = _year(typed.baseline_year_be, "baseline_year_be")
    if not plan.first_year_be - BASELINE_YEARS_BACK <= baseline_year < plan.first_year_be:
        raise refuse(
            _("The baseline year must come before the plan's first year (at most ten years)."),
            "baseline_year",
            "baseline_year_be",
        )
    grade = None
    if typed.grade not in (None, ""):
        try:
            grade = int(typed.grade)
        except (TypeError, ValueError):
            grade = -1
        if grade not in GradeLevel.values:
            raise refuse(_("Unknown grade."), "grade", "grade")
    category = str(typed.category or "").strip()
    if len(category) > 60:
        raise refuse(_("The category is at most 60 characters."), "category", "category")
    baseline = None
    if typed.baseline_value not in (None, ""):
        baseline = typed_value(typed.baseline_value, unit, "baseline_value")
    tolerance = Decimal(0)
    if typed.tolerance not in (None, ""):
        tolerance = typed_value(typed.tolerance, unit, "tolerance")
    kpi = Kpi(
        name_th=_text(typed.name_th, field="name_th", limit=TITLE_MAX, required=True),
        name_en=_text(typed.name_en, field="name_en", limit=TITLE_MAX, required=False),
        indicator=indicator.code,
        category=category,
        grade=grade,
        baseline_year_be=baseline_year,
        baseline_value=baseline,
        higher_is_better=bool(direction),
        unit=unit,
        tolerance=tolerance,
    )
    return kpi, _targets(plan, typed.targets, unit)


def kpi_add(*, actor: Any, goal: Goal, kpi: KpiInput) -> Kpi:
    """A KPI and its three targets, in one transaction and one audit event."""
    _writable(actor, goal.plan)
    if not goal.active:
        raise refuse(_("This goal was withdrawn."), "goal_withdrawn")
    row, targets = _checked_kpi(goal.plan, kpi)
    row.goal = goal
    row.order = (Kpi.objects.filter(goal=goal).aggregate(last=Max("order"))["last"] or 0) + 1
    row.full_clean()
    with transaction.atomic():
        row.save()
        Target.objects.bulk_create(
            [Target(kpi=row, year_be=year, value=value) for year, value in targets.items()]
        )
        changes = diff({}, field_values(row))
        changes["targets"] = [None, {str(y): str(v) for y, v in targets.items()}]
        audit_record(actor=actor, action=AuditAction.CREATE, target=row, changes=changes)
    return row


def kpi_withdraw(*, actor: Any, kpi: Kpi) -> Kpi:
    _writable(actor, kpi.goal.plan)
    before = field_values(kpi)
    kpi.active = False
    save_changes(kpi, actor=actor, before=before)
    return kpi


def targets_set(*, actor: Any, kpi: Kpi, targets: Mapping[Any, Any]) -> dict[int, Decimal]:
    """Changes a KPI's three city targets (all three given); the audit keeps the old ones."""
    plan = kpi.goal.plan
    _writable(actor, plan)
    values = _targets(plan, targets, kpi.unit)
    with transaction.atomic():
        rows = {t.year_be: t for t in Target.objects.select_for_update().filter(kpi=kpi)}
        changes = {
            str(year): [str(rows[year].value) if year in rows else None, str(value)]
            for year, value in values.items()
            if year not in rows or rows[year].value != value
        }
        if not changes:
            return values
        for year, value in values.items():
            Target.objects.update_or_create(kpi=kpi, year_be=year, defaults={"value": value})
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            target_type="blueprint.target",
            target_id=kpi.pk,
            changes=changes,
        )
    return values


def school_targets_set(
    *, actor: Any, kpi: Kpi, school: School, targets: Mapping[Any, Any]
) -> dict[int, Decimal]:
    """A school's own targets for some plan years (they replace the rule's share)."""
    plan = kpi.goal.plan
    _writable(actor, plan)
    if school.network_id != plan.network_id:
        raise refuse(_("The school is not in the plan's network."), "school_network", "school")
    values: dict[int, Decimal] = {}
    for key, typed in targets.items():
        year = _year(key, "targets")
        if year not in plan.years:
            message = _("A target's year must be one of the plan's three years.")
            raise refuse(message, "target_year", "targets")
        values[year] = typed_value(typed, kpi.unit, "targets")
    if not values:
        raise refuse(_("Give at least one target."), "targets_required", "targets")
    with transaction.atomic():
        rows = {
            r.year_be: r
            for r in SchoolTarget.objects.select_for_update().filter(kpi=kpi, school=school)
        }
        changes = {
            str(year): [str(rows[year].value) if year in rows else None, str(value)]
            for year, value in values.items()
            if year not in rows or rows[year].value != value
        }
        if not changes:
            return values
        for year, value in values.items():
            SchoolTarget.objects.update_or_create(
                kpi=kpi, school=school, year_be=year, defaults={"value": value, "set_by": actor}
            )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            target_type="blueprint.schooltarget",
            target_id=kpi.pk,
            school_id=school.pk,
            changes=changes,
        )
    return values


__all__ = [
    "KpiInput",
    "goal_add",
    "goal_withdraw",
    "kpi_add",
    "kpi_withdraw",
    "plan_adopt",
    "plan_archive",
    "plan_create",
    "plan_rename",
    "school_targets_set",
    "targets_set",
    "typed_value",
]
