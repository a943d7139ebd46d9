"""Actual values and statuses on the small world, against a hand count of its attendance marks
(docs/definitions.md §24): the city's, each school's, and each school's share of the targets."""

from __future__ import annotations

import datetime as dt

import pytest

from qinfo.blueprint import services
from qinfo.blueprint.progress import plan_progress, school_progress
from qinfo.blueprint.rules import AT_RISK, NO_DATA, OFF_TRACK
from tests.blueprint.helpers import attendance_kpi, new_plan
from tests.web.conftest import PageWorld, _marks


@pytest.fixture
def marked(world: PageWorld) -> PageWorld:
    """Beside the mover's marks (2568 at school B: PPPPPPLSAA, 7 of 10 attended; 2569 at
    school A: PPPPPPPPLT, 10 of 10), two children of school A in 2569: PPAA and PAAA."""
    _marks(world.students[0], world.class_a, dt.date(2026, 6, 1), "PPAA")
    _marks(world.students[1], world.class_a, dt.date(2026, 6, 1), "PAAA")
    return world


def test_the_city_actual_is_the_indicator_by_hand(marked: PageWorld) -> None:
    # Plan 2569–2571, baseline 2568: the city's 2568 rate is 7/10; 2569 is (10 + 2 + 1)/18.
    plan = new_plan(marked)
    attendance_kpi(marked, plan)
    [goal] = plan_progress(plan)
    [row] = goal.kpis
    assert row.baseline == pytest.approx(7 / 10)
    assert row.actuals[2569] == pytest.approx(13 / 18)
    assert row.actuals[2570] is None and row.actuals[2571] is None  # no data yet
    # 72.2 % against 90 %: covered (72.2 - 70) / (90 - 70) = 11 % of the way: off track.
    assert row.statuses == {2569: OFF_TRACK, 2570: NO_DATA, 2571: NO_DATA}
    assert row.latest_status == OFF_TRACK


def test_a_stored_baseline_wins_and_decides_the_status(marked: PageWorld) -> None:
    # Agreed baseline 50 %: 72.2 % has covered (72.2 - 50) / (90 - 50) = 55 % of the way.
    plan = new_plan(marked)
    attendance_kpi(marked, plan, baseline_value="50")
    [row] = plan_progress(plan)[0].kpis
    assert row.baseline == pytest.approx(0.5)
    assert row.statuses[2569] == AT_RISK


def test_each_school_gets_its_own_actuals_and_share(marked: PageWorld) -> None:
    plan = new_plan(marked)
    kpi = attendance_kpi(marked, plan)
    a, b = marked.school_a.pk, marked.school_b.pk
    shares = school_progress(plan, [a, b])
    row_a, row_b = shares[a][0], shares[b][0]
    # School A had no marks in 2568: no baseline, so the city's targets; 2569 is 13/18.
    assert row_a.baseline is None
    assert row_a.targets == {
        2569: pytest.approx(0.9),
        2570: pytest.approx(0.925),
        2571: pytest.approx(0.95),
    }
    assert row_a.actuals[2569] == pytest.approx(13 / 18)
    # School B: baseline 7/10 like the city, so the same targets; no marks in 2569.
    assert row_b.baseline == pytest.approx(0.7)
    assert row_b.actuals[2569] is None and row_b.statuses[2569] == NO_DATA
    # With the city's baseline agreed at 80 %, school B (70 %) is asked for 10 points less.
    services.plan_rename(actor=marked.users["officer"], plan=plan, name_th="แผนใหม่")
    kpi.baseline_value = 0.8
    kpi.save()
    services.school_targets_set(
        actor=marked.users["officer"], kpi=kpi, school=marked.school_b, targets={2571: "99"}
    )
    row_b = school_progress(plan, [b])[b][0]
    assert row_b.targets[2569] == pytest.approx(0.8)
    assert row_b.targets[2570] == pytest.approx(0.825)
    assert row_b.targets[2571] == pytest.approx(0.99) and row_b.set_by_officer == {2571}
