"""An adopted Education Blueprint for network N of the permission world, so that every school
share page (``web:blueprint_school``) is checked with a plan and its actual values: a plan names
no child, and a school's page answers only those who may see the school."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from qinfo.blueprint.models import Goal, Kpi, Plan, PlanStatus, Target

if TYPE_CHECKING:
    from tests.world import World


def extend(w: World) -> None:
    now = w.years["N_now"].year_be
    plan = Plan.objects.create(
        network=w.networks["N"], name_th="พิมพ์เขียวโลกทดสอบ", first_year_be=now,
        status=PlanStatus.ADOPTED, adopted_at=timezone.now(),
    )  # fmt: skip
    goal = Goal.objects.create(plan=plan, title_th="เด็กทุกคนมาเรียน", domain="efficiency")
    kpi = Kpi.objects.create(
        goal=goal, name_th="อัตราการมาเรียน", indicator="attendance_rate",
        baseline_year_be=now - 1, higher_is_better=True, unit="rate",
    )  # fmt: skip
    Target.objects.bulk_create(
        Target(kpi=kpi, year_be=year, value=value)
        for year, value in zip(plan.years, ("0.95", "0.96", "0.97"), strict=True)
    )
