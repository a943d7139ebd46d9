"""The demo's plan (qinfo/demo/blueprint.py), written on the small page world: one adopted plan
from the current academic year, a goal per domain, baselines from the records, targets that
improve in the good direction, one audit event."""

from __future__ import annotations

import datetime as dt
import itertools

from qinfo.audit.models import AuditEvent
from qinfo.blueprint.models import Goal, Kpi, Plan, PlanStatus, Target
from qinfo.demo.blueprint import GOALS, write_blueprint
from tests.web.conftest import PageWorld


def test_the_demo_plan(world: PageWorld) -> None:
    counts = write_blueprint(dt.date(2026, 11, 20), network_code=world.network.code)
    assert counts == {"blueprint_plans": 1, "blueprint_kpis": 6}
    plan = Plan.objects.get()
    assert (plan.status, plan.years) == (PlanStatus.ADOPTED, (2569, 2570, 2571))
    assert sorted(Goal.objects.values_list("domain", flat=True)) == [
        "efficiency",
        "equity",
        "quality",
    ]
    # The world's only 2568 marks: the mover's PPPPPPLSAA, 7 of 10 attended.
    attendance = Kpi.objects.get(indicator="attendance_rate")
    assert float(attendance.baseline_value) == 0.7
    targets = list(Target.objects.filter(kpi=attendance).values_list("value", flat=True))
    assert [float(t) for t in targets] == [0.745, 0.79, 0.835]  # 15, 30, 45 % of the gap
    for kpi in Kpi.objects.all():
        values = [float(kpi.baseline_value)] + [
            float(t.value) for t in kpi.targets.order_by("year_be")
        ]
        steps = [b - a for a, b in itertools.pairwise(values)]
        assert all(s >= 0 for s in steps) if kpi.higher_is_better else all(s <= 0 for s in steps)
    events = AuditEvent.objects.filter(target_type="blueprint.plan")
    assert events.count() == 1 and events.get().action == "import"
    assert len(GOALS) == 3


def test_no_city_no_plan(world: PageWorld) -> None:
    assert write_blueprint(dt.date(2026, 11, 20), network_code="nowhere")["blueprint_plans"] == 0
    assert not Plan.objects.exists()
