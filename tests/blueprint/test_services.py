"""Writing the Blueprint through its services: what is saved and audited, what is refused as a
whole (nothing written), and who may write (docs/definitions.md §24)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from qinfo.audit.models import AuditEvent
from qinfo.blueprint import services
from qinfo.blueprint.models import Goal, Kpi, Plan, PlanStatus, SchoolTarget, Target
from qinfo.core.errors import DomainError, PermissionDenied
from qinfo.organisations.models import GradeLevel, Network, School
from tests.blueprint.helpers import attendance_kpi, new_plan
from tests.web.conftest import PageWorld


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Plan, Goal, Kpi, Target, SchoolTarget, AuditEvent))


def test_a_plan_with_a_kpi_and_its_targets_is_saved_and_audited(world: PageWorld) -> None:
    plan = new_plan(world)
    assert plan.years == (2569, 2570, 2571) and plan.status == PlanStatus.DRAFT
    kpi = attendance_kpi(world, plan)
    assert kpi.unit == "rate" and kpi.higher_is_better is True
    stored = dict(Target.objects.filter(kpi=kpi).values_list("year_be", "value"))
    assert stored == {2569: Decimal("0.9"), 2570: Decimal("0.925"), 2571: Decimal("0.95")}
    event = AuditEvent.objects.filter(target_type="blueprint.kpi", target_id=str(kpi.pk)).get()
    assert event.action == "create" and event.changes["targets"][1]["2570"] == "0.925000"
    assert AuditEvent.objects.filter(target_type="blueprint.plan").count() == 1
    services.plan_adopt(actor=world.users["officer"], plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ADOPTED and plan.adopted_at is not None


BAD_KPIS: list[tuple[dict[str, Any], str]] = [
    ({"indicator": "no_such_indicator"}, "indicator"),
    ({"baseline_year_be": 2569}, "baseline_year"),  # not before the plan
    ({"baseline_year_be": 2550}, "baseline_year"),  # more than ten years before
    ({"baseline_year_be": "2568x"}, "year"),
    ({"targets": {2569: "90", 2570: "92"}}, "target_years"),  # a year missing
    ({"targets": {2569: "90", 2570: "92", 2572: "95"}}, "target_years"),  # outside the plan
    ({"targets": {2569: "90", 2570: "101", 2571: "95"}}, "value_rate"),  # a rate over 100 %
    ({"targets": {2569: "90", 2570: "-1", 2571: "95"}}, "value_rate"),
    ({"targets": {2569: "ninety", 2570: "92", 2571: "95"}}, "value_number"),
    ({"baseline_value": "120"}, "value_rate"),
    ({"grade": 99}, "grade"),
    ({"name_th": "  "}, "name_required"),
    ({"indicator": "enrolment"}, "direction"),  # no better direction, none given
]


@pytest.mark.parametrize(("changes", "code"), BAD_KPIS)
def test_a_bad_kpi_is_refused_whole_and_nothing_is_written(
    world: PageWorld, changes: dict[str, Any], code: str
) -> None:
    plan = new_plan(world)
    services.goal_add(actor=world.users["officer"], plan=plan, title_th="เป้าหมาย", domain="equity")
    before = counts()
    with pytest.raises(DomainError) as refused:
        attendance_kpi(world, plan, **changes)
    assert code in {e.code for errors in refused.value.error_dict.values() for e in errors} | {
        getattr(refused.value, "code", None)
    }
    assert counts() == before


def test_a_count_kpi_takes_the_direction_it_is_given(world: PageWorld) -> None:
    plan = new_plan(world)
    kpi = attendance_kpi(
        world, plan, indicator="enrolment", higher_is_better=True,
        targets={2569: "1200", 2570: "1,250", 2571: "1300"}, grade=GradeLevel.P1,
    )  # fmt: skip
    assert (kpi.unit, kpi.higher_is_better, kpi.grade) == ("count", True, GradeLevel.P1)
    assert Target.objects.get(kpi=kpi, year_be=2570).value == 1250


@pytest.mark.parametrize("persona", ["director", "teacher", "analyst", "outsider", "nobody"])
def test_only_officers_and_administrators_write(world: PageWorld, persona: str) -> None:
    plan = new_plan(world)
    kpi = attendance_kpi(world, plan)
    before = counts()
    user = world.users[persona]
    with pytest.raises(PermissionDenied):
        services.plan_create(actor=user, network=world.network, name_th="x", first_year_be=2570)
    with pytest.raises(PermissionDenied):
        services.goal_add(actor=user, plan=plan, title_th="x", domain="equity")
    with pytest.raises(PermissionDenied):
        services.targets_set(actor=user, kpi=kpi, targets={2569: 1, 2570: 2, 2571: 3})
    with pytest.raises(PermissionDenied):
        services.school_targets_set(actor=user, kpi=kpi, school=world.school_a, targets={2569: 5})
    with pytest.raises(PermissionDenied):
        services.plan_archive(actor=user, plan=plan)
    assert counts() == before


def test_an_officer_of_another_network_may_not_write(world: PageWorld) -> None:
    from qinfo.accounts.models import Membership, Role, User

    other = Network.objects.create(code="other", name_th="อื่น", kind="municipality")
    stranger = User.objects.create_user(username="stranger", password="x")
    Membership.objects.create(user=stranger, role=Role.OFFICER, network=other)
    plan = new_plan(world)
    with pytest.raises(PermissionDenied):
        services.goal_add(actor=stranger, plan=plan, title_th="x", domain="equity")
    admin_goal = services.goal_add(
        actor=world.users["admin"], plan=plan, title_th="x", domain="quality"
    )
    assert admin_goal.order == 1


def test_targets_change_and_keep_the_old_values(world: PageWorld) -> None:
    kpi = attendance_kpi(world, new_plan(world))
    services.targets_set(
        actor=world.users["officer"], kpi=kpi, targets={2569: 91, 2570: 92.5, 2571: 96}
    )
    event = AuditEvent.objects.filter(target_type="blueprint.target").get()
    assert event.changes == {"2569": ["0.900000", "0.910000"], "2571": ["0.950000", "0.960000"]}
    before = counts()
    with pytest.raises(DomainError):
        services.targets_set(actor=world.users["officer"], kpi=kpi, targets={2569: 91})
    assert counts() == before


def test_school_targets(world: PageWorld) -> None:
    kpi = attendance_kpi(world, new_plan(world))
    officer = world.users["officer"]
    services.school_targets_set(actor=officer, kpi=kpi, school=world.school_b, targets={2570: "88"})
    row = SchoolTarget.objects.get()
    assert (row.school_id, row.year_be, row.value) == (world.school_b.pk, 2570, Decimal("0.88"))
    event = AuditEvent.objects.get(target_type="blueprint.schooltarget")
    assert event.school_id == world.school_b.pk
    elsewhere = School.objects.create(
        network=Network.objects.create(code="x", name_th="x", kind="other"), code="1099999999",
        name_th="นอกเครือข่าย", affiliation="10", lowest_grade=1, highest_grade=9,
    )  # fmt: skip
    before = counts()
    for school, targets in ((elsewhere, {2570: "88"}), (world.school_a, {2568: "88"}),
                            (world.school_a, {2570: "188"}), (world.school_a, {})):  # fmt: skip
        with pytest.raises(DomainError):
            services.school_targets_set(actor=officer, kpi=kpi, school=school, targets=targets)
    assert counts() == before


def test_an_archived_plan_is_kept_and_read_only(world: PageWorld) -> None:
    plan = new_plan(world)
    kpi = attendance_kpi(world, plan)
    services.plan_archive(actor=world.users["officer"], plan=plan)
    before = counts()
    with pytest.raises(DomainError):
        services.targets_set(
            actor=world.users["officer"], kpi=kpi, targets={2569: 1, 2570: 2, 2571: 3}
        )
    with pytest.raises(DomainError):
        services.plan_adopt(actor=world.users["officer"], plan=plan)
    assert counts() == before and Plan.objects.get().status == PlanStatus.ARCHIVED


def test_adopting_needs_a_kpi(world: PageWorld) -> None:
    plan = new_plan(world)
    with pytest.raises(DomainError):
        services.plan_adopt(actor=world.users["officer"], plan=plan)
    assert Plan.objects.get().status == PlanStatus.DRAFT


def test_the_database_holds_what_it_can(world: PageWorld) -> None:
    kpi = attendance_kpi(world, new_plan(world))
    for make in (
        lambda: Target.objects.create(kpi=kpi, year_be=2569, value=Decimal("0.5")),  # twice
        lambda: Target.objects.create(kpi=kpi, year_be=2569 + 5, value=Decimal("-1")),
        lambda: Plan.objects.create(network=world.network, name_th="x", first_year_be=2026),
        lambda: Plan.objects.create(
            network=world.network, name_th="x", first_year_be=2570, status="adopted"
        ),
        lambda: Kpi.objects.filter(pk=kpi.pk).update(baseline_value=Decimal("1.5")),
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            make()


def test_the_at_risk_share_is_the_plans_to_change(world: PageWorld) -> None:
    plan = new_plan(world)
    officer = world.users["officer"]
    services.plan_rename(actor=officer, plan=plan, name_th="แผนใหม่", at_risk_share="60")
    plan.refresh_from_db()
    assert (plan.name_th, plan.at_risk_share) == ("แผนใหม่", Decimal("0.600"))
    event = AuditEvent.objects.filter(target_type="blueprint.plan", action="update").get()
    assert [Decimal(v) for v in event.changes["at_risk_share"]] == [Decimal("0.5"), Decimal("0.6")]
    before = counts()
    for bad in ("0", "101", "half"):
        with pytest.raises(DomainError):
            services.plan_rename(actor=officer, plan=plan, name_th="x", at_risk_share=bad)
    plan.refresh_from_db()
    assert counts() == before and plan.name_th == "แผนใหม่"
