"""A plan's KPIs with their baselines, targets, actual values and statuses (docs/definitions.md
§24), for the city and for each school.

The actual value of a KPI for a year is its indicator computed on the live database by
``qinfo.dashboards.values.indicator_frame`` for that academic year, over the plan's network (and
the KPI's grade, and one school for a school's share), in the KPI's category. Years without
data (not yet begun, or before the records) have no actual value. One indicator frame is asked
for per year and grade, with every indicator of the plan at once, so a plan page costs a few
(cached) computations whatever its number of KPIs.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from qinfo.blueprint.catalogue import indicator_label
from qinfo.blueprint.models import Goal, Kpi, Plan, SchoolTarget
from qinfo.blueprint.rules import NO_DATA, kpi_status, school_target
from qinfo.dashboards.values import indicator_frame, years
from qinfo.indicators.frame import Cut

#: Key of an actual value: (indicator, category, grade or None, year, school or None).
Key = tuple[str, str, int | None, int, int | None]


@dataclass
class KpiProgress:
    kpi: Kpi
    name: str
    indicator: str
    baseline_year: int
    baseline: float | None
    targets: dict[int, float | None]
    actuals: dict[int, float | None]
    statuses: dict[int, str]
    #: For a school's share: which targets the officer set (the others follow the rule).
    set_by_officer: set[int] = field(default_factory=set)

    @property
    def latest_status(self) -> str:
        """The status of the latest plan year that has an actual value ("no data" if none)."""
        for year in sorted(self.statuses, reverse=True):
            if self.statuses[year] != NO_DATA:
                return self.statuses[year]
        return NO_DATA


@dataclass
class GoalProgress:
    goal: Goal
    kpis: list[KpiProgress]


def _number(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def data_years() -> set[int]:
    return set(years())


def actual_values(
    kpis: Iterable[Kpi],
    wanted: Iterable[int],
    network_id: int,
    *,
    school_id: int | None = None,
    by_school: bool = False,
) -> dict[Key, float]:
    """Every KPI's actual value for each year that has data: one indicator frame per year and
    grade. ``by_school``: one value per school of the network (key's last item the school)."""
    kpis = list(kpis)
    with_data = data_years()
    found: dict[Key, float] = {}
    grades = sorted({k.grade for k in kpis}, key=lambda g: -1 if g is None else g)
    for year in sorted(set(wanted) & with_data):
        for grade in grades:
            codes = sorted({k.indicator for k in kpis if k.grade == grade})
            where: dict[str, tuple[int, ...]] = {"network": (network_id,)}
            if school_id is not None:
                where["school"] = (school_id,)
            if grade is not None:
                where["grade"] = (grade,)
            cut = Cut(year_be=year, by=("school",) if by_school else (), where=where)
            frame = indicator_frame(cut, codes)
            for row in frame.to_dict("records"):
                value = _number(row.get("value"))
                if value is None:
                    continue
                school = int(row["school"]) if by_school else school_id
                key = (str(row["indicator"]), str(row["category"] or ""), grade, year, school)
                found[key] = value
    return found


def _key(kpi: Kpi, year: int, school_id: int | None) -> Key:
    return (kpi.indicator, kpi.category, kpi.grade, year, school_id)


def active_goals(plan: Plan) -> list[Goal]:
    goals = list(plan.goals.filter(active=True).order_by("order", "pk"))
    kpis = Kpi.objects.filter(goal__in=goals, active=True).prefetch_related("targets")
    by_goal: dict[int, list[Kpi]] = {}
    for kpi in kpis.order_by("order", "pk"):
        by_goal.setdefault(kpi.goal_id, []).append(kpi)
    for goal in goals:
        goal.active_kpis = by_goal.get(goal.pk, [])  # type: ignore[attr-defined]
    return goals


def _kpis(goals: Sequence[Goal]) -> list[Kpi]:
    return [k for g in goals for k in g.active_kpis]  # type: ignore[attr-defined]


def _progress(
    kpi: Kpi,
    plan: Plan,
    baseline: float | None,
    targets: dict[int, float | None],
    actuals: dict[int, float | None],
) -> KpiProgress:
    statuses = {
        year: kpi_status(
            actual=actuals.get(year),
            target=targets.get(year),
            baseline=baseline,
            higher_is_better=kpi.higher_is_better,
            tolerance=float(kpi.tolerance),
            at_risk_share=float(plan.at_risk_share),
        )
        for year in plan.years
    }
    return KpiProgress(
        kpi=kpi,
        name=kpi.name_th,
        indicator=indicator_label(kpi.indicator),
        baseline_year=kpi.baseline_year_be,
        baseline=baseline,
        targets=targets,
        actuals=actuals,
        statuses=statuses,
    )


def city_targets(kpi: Kpi) -> dict[int, float | None]:
    return {t.year_be: float(t.value) for t in kpi.targets.all()}


def city_baseline(kpi: Kpi, values: dict[Key, float]) -> float | None:
    """The baseline agreed when the plan was written, else the indicator's baseline year."""
    if kpi.baseline_value is not None:
        return float(kpi.baseline_value)
    return values.get(_key(kpi, kpi.baseline_year_be, None))


def plan_progress(plan: Plan) -> list[GoalProgress]:
    """The city's progress: every active goal with its KPIs."""
    goals = active_goals(plan)
    kpis = _kpis(goals)
    wanted = {*plan.years, *(k.baseline_year_be for k in kpis)}
    values = actual_values(kpis, wanted, plan.network_id)
    out = []
    for goal in goals:
        rows = []
        for kpi in goal.active_kpis:  # type: ignore[attr-defined]
            actuals = {y: values.get(_key(kpi, y, None)) for y in plan.years}
            rows.append(
                _progress(kpi, plan, city_baseline(kpi, values), city_targets(kpi), actuals)
            )
        out.append(GoalProgress(goal, rows))
    return out


def school_progress(plan: Plan, school_ids: Sequence[int]) -> dict[int, list[KpiProgress]]:
    """Each school's share: its baseline, its targets (the officer's, else the rule's), its
    actual values and statuses, for every active KPI. Two rounds of indicator frames in all."""
    goals = active_goals(plan)
    kpis = _kpis(goals)
    wanted = {*plan.years, *(k.baseline_year_be for k in kpis)}
    city = actual_values(kpis, wanted, plan.network_id)
    schools = actual_values(kpis, wanted, plan.network_id, by_school=True)
    own: dict[tuple[int, int, int], float] = {
        (t.kpi_id, t.school_id, t.year_be): float(t.value)
        for t in SchoolTarget.objects.filter(kpi__in=kpis, school_id__in=list(school_ids))
    }
    out: dict[int, list[KpiProgress]] = {}
    for school_id in school_ids:
        rows = []
        for kpi in kpis:
            baseline = schools.get(_key(kpi, kpi.baseline_year_be, school_id))
            base_city = city_baseline(kpi, city)
            targets: dict[int, float | None] = {}
            set_by_officer = set()
            for year, value in city_targets(kpi).items():
                mine = own.get((kpi.pk, school_id, year))
                if mine is not None:
                    targets[year] = mine
                    set_by_officer.add(year)
                elif value is not None:
                    targets[year] = school_target(
                        city_target=value,
                        city_baseline=base_city,
                        school_baseline=baseline,
                        unit=kpi.unit,
                    )
            actuals = {y: schools.get(_key(kpi, y, school_id)) for y in plan.years}
            row = _progress(kpi, plan, baseline, targets, actuals)
            row.set_by_officer = set_by_officer
            rows.append(row)
        out[school_id] = rows
    return out
