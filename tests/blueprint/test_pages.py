"""The Blueprint's pages: an officer writes a plan through them; others read it and are refused
writes (nothing changed); a school's share; the review pack as PDF and Excel."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from qinfo.audit.models import AuditEvent
from qinfo.blueprint import services
from qinfo.blueprint.catalogue import STATUS_WORDS
from qinfo.blueprint.models import Goal, Kpi, Plan, SchoolTarget, Target
from qinfo.blueprint.rules import AT_RISK, NO_DATA
from tests.blueprint.helpers import ATTENDANCE_TH, CHRONIC_TH, attendance_kpi, new_plan
from tests.web.conftest import PageWorld, _marks
from tests.web.pdf_text import pdf_pages, pdf_text

LIST = reverse("web:blueprint_list")
PLAN = reverse("web:blueprint_plan")


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Plan, Goal, Kpi, Target, SchoolTarget, AuditEvent))


def test_the_officer_writes_a_plan_through_the_pages(world: PageWorld) -> None:
    client = world.client("officer")
    response = client.post(
        LIST, {"network": world.network.pk, "name_th": "แผนสามปี", "first_year_be": "2569"}
    )
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{PLAN}?plan={plan.pk}"
    url = f"{PLAN}?plan={plan.pk}"
    client.post(url, {"action": "goal", "title_th": "ลดการขาดเรียน", "domain": "equity"})
    goal = Goal.objects.get()
    form = {
        "action": "kpi", "goal": goal.pk, "indicator": "chronic_absence", "name_th": CHRONIC_TH,
        "baseline_year_be": "2568", "year": ["2569", "2570", "2571"],
        "target_2569": "20", "target_2570": "15", "target_2571": "10",
    }  # fmt: skip
    assert client.post(url, form).status_code == 302
    kpi = Kpi.objects.get()
    assert (kpi.indicator, kpi.higher_is_better) == ("chronic_absence", False)
    # A refused KPI: the page says why, in Thai, and nothing is written.
    before = counts()
    page = client.post(url, form | {"target_2570": "150"}, HTTP_ACCEPT_LANGUAGE="th")
    assert page.status_code == 200 and counts() == before
    assert "blueprint-error" in page.content.decode()
    assert client.post(url, {"action": "adopt"}).status_code == 302
    shown = client.get(url).content.decode()
    assert CHRONIC_TH in shown and f"chart-data-kpi-{kpi.pk}" in shown and "bp-status" in shown
    # Each KPI's chart gives its numbers as a file (rates in %; the baseline year is 2568).
    csv = client.get(url + f"&download=kpi-{kpi.pk}&format=csv")
    assert csv.status_code == 200 and "2571" in csv.content.decode("utf-8-sig")


@pytest.mark.parametrize("persona", ["teacher", "director", "analyst", "outsider"])
def test_readers_read_and_may_not_write(world: PageWorld, persona: str) -> None:
    plan = new_plan(world)
    kpi = attendance_kpi(world, plan)
    services.plan_adopt(actor=world.users["officer"], plan=plan)
    client = world.client(persona)
    url = f"{PLAN}?plan={plan.pk}"
    page = client.get(url)
    assert page.status_code == 200 and ATTENDANCE_TH in page.content.decode()
    assert 'name="action"' not in page.content.decode()  # no forms
    before = counts()
    for data in (
        {"action": "goal", "title_th": "x", "domain": "equity"},
        {"action": "archive"},
        {"action": "withdraw", "kpi": kpi.pk},
    ):
        assert client.post(url, data).status_code == 403
    create = {"network": world.network.pk, "name_th": "x", "first_year_be": "2570"}
    assert client.post(LIST, create).status_code == 403
    school = reverse("web:blueprint_school", kwargs={"school_id": world.school_a.pk})
    posted = client.post(f"{school}?plan={plan.pk}", {"kpi": kpi.pk, "target_2569": "50"})
    assert posted.status_code in (403, 404)
    assert counts() == before


def test_a_draft_is_seen_only_by_its_writers(world: PageWorld) -> None:
    plan = new_plan(world)
    url = f"{PLAN}?plan={plan.pk}"
    assert world.client("director").get(url).status_code == 404
    assert world.client("officer").get(url).status_code == 200
    assert world.client("admin").get(url).status_code == 200
    assert plan.name_th not in world.client("teacher").get(LIST).content.decode()


def test_the_school_share_page(world: PageWorld) -> None:
    plan = new_plan(world)
    attendance_kpi(world, plan)
    services.plan_adopt(actor=world.users["officer"], plan=plan)
    url = reverse("web:blueprint_school", kwargs={"school_id": world.school_a.pk})
    page = world.client("director").get(url)
    assert page.status_code == 200 and ATTENDANCE_TH in page.content.decode()
    assert world.client("outsider").get(url).status_code == 404  # a teacher of school B
    officer = world.client("officer")
    kpi = Kpi.objects.get()
    assert (
        officer.post(f"{url}?plan={plan.pk}", {"kpi": kpi.pk, "target_2570": "97"}).status_code
        == 302
    )
    assert SchoolTarget.objects.get().value * 100 == 97
    assert "97" in world.client("director").get(url).content.decode()


@pytest.fixture
def reviewed(world: PageWorld) -> Plan:
    _marks(world.students[0], world.class_a, dt.date(2026, 6, 1), "PPAA")
    plan = new_plan(world)
    attendance_kpi(world, plan)
    attendance_kpi(
        world, plan, indicator="chronic_absence", name_th=CHRONIC_TH,
        targets={2569: "20", 2570: "15", 2571: "10"},
    )  # fmt: skip
    services.plan_adopt(actor=world.users["officer"], plan=plan)
    return plan


def test_the_review_pdf_is_in_thai_with_every_kpi(world: PageWorld, reviewed: Plan) -> None:
    response = world.client("officer").get(
        reverse("web:blueprint_review_pdf") + f"?plan={reviewed.pk}"
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert pdf_pages(response.content) > 0
    for name in (ATTENDANCE_TH, CHRONIC_TH, reviewed.name_th, world.school_a.name_th):
        assert name in text.replace("\n", ""), name


def test_the_review_workbook_holds_the_values(world: PageWorld, reviewed: Plan) -> None:
    response = world.client("officer").get(
        reverse("web:blueprint_review_xlsx") + f"?plan={reviewed.pk}"
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    kpis = book.worksheets[0]
    rows = list(kpis.iter_rows(values_only=True))
    assert len(rows[0]) == 8 + 9 and str(rows[0][8]).endswith("2569")
    # Columns: goal, domain, KPI, indicator, unit, direction, baseline year, baseline, then the
    # targets, actual values and statuses of 2569, 2570, 2571.
    attendance = next(row for row in rows[1:] if row[2] == ATTENDANCE_TH)
    # 2568 at school B: 7 of 10; 2569: 10 of 10 (the mover) and 2 of 4: 12/14.
    assert attendance[6:11] == (2568, 70.0, 90.0, 92.5, 95.0)
    assert attendance[11:14] == (round(12 / 14 * 100, 2), None, None)
    with translation.override("th"):  # (85.7 - 70) / (90 - 70) = 79 % of the way: at risk
        words = [str(STATUS_WORDS[s]) for s in (AT_RISK, NO_DATA, NO_DATA)]
    assert list(attendance[14:17]) == words
    # One sheet per school the officer sees, each with both KPIs.
    assert len(book.worksheets) == 3
    school_a = book.worksheets[1]
    assert school_a["A1"].value == world.school_a.name_th
    names = [row[0] for row in school_a.iter_rows(min_row=3, values_only=True)]
    assert names == [ATTENDANCE_TH, CHRONIC_TH]


def test_the_review_pack_needs_a_readable_plan(world: PageWorld, reviewed: Plan) -> None:
    url = reverse("web:blueprint_review_pdf")
    assert world.client("officer").get(url).status_code == 404
    assert world.client("officer").get(f"{url}?plan=999").status_code == 404
    assert world.client("nobody").get(f"{url}?plan={reviewed.pk}").status_code == 404
