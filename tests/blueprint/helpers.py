"""A plan written through the services, for the Blueprint's tests."""

from __future__ import annotations

from qinfo.blueprint import services
from qinfo.blueprint.models import Kpi, Plan
from tests.web.conftest import PageWorld

#: The KPIs' Thai names (the PDF test looks for them).
ATTENDANCE_TH = "อัตราการมาเรียนของนักเรียนทั้งเมือง"
CHRONIC_TH = "ร้อยละนักเรียนขาดเรียนเรื้อรังลดลง"


def attendance_kpi(world: PageWorld, plan: Plan, **changes: object) -> Kpi:
    goal = plan.goals.first() or services.goal_add(
        actor=world.users["officer"], plan=plan, title_th="เด็กทุกคนได้มาเรียน", domain="efficiency"
    )
    typed = {
        "name_th": ATTENDANCE_TH,
        "name_en": "Attendance rate",
        "indicator": "attendance_rate",
        "baseline_year_be": 2568,
        "targets": {2569: "90", 2570: "92.5", 2571: "95"},
    } | changes
    return services.kpi_add(
        actor=world.users["officer"],
        goal=goal,
        kpi=services.KpiInput(**typed),  # type: ignore[arg-type]
    )


def new_plan(world: PageWorld, first_year: int = 2569) -> Plan:
    return services.plan_create(
        actor=world.users["officer"],
        network=world.network,
        name_th="พิมพ์เขียวการศึกษาเทศบาลนครภูเก็ต",
        name_en="Phuket City Education Blueprint",
        first_year_be=first_year,
    )
