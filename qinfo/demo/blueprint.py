"""The demo city's Education Blueprint (docs/definitions.md §24): one adopted plan for the three
academic years from the current one, with a goal in each domain and two KPIs each, so that the
plan pages, the schools' shares and the review pack have something to show from the first
sign-in.

Baselines are the indicators of the year before the plan, computed on the demo's own records;
the targets ask for a steady improvement from them: a "higher is better" rate closes 15 %, 30 %
and 45 % of its gap to 100 %, a "lower is better" rate falls by 10 %, 20 % and 30 %. Written in
one transaction with one audit event (an import, like the demo's build)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from qinfo.audit.models import AuditAction
from qinfo.audit.services import audit_record
from qinfo.blueprint.catalogue import indicators
from qinfo.blueprint.models import Goal, Kpi, Plan, PlanStatus, Target
from qinfo.dashboards.values import indicator_frame
from qinfo.indicators.frame import Cut
from qinfo.organisations.models import AcademicYear, Network

NETWORK = "phuket-city"

#: (domain, Thai title, English title, [(indicator, Thai KPI name, English KPI name, fallback
#: baseline when the demo has no value)]).
GOALS = [
    (
        "equity",
        "เด็กทุกคนได้เรียนและได้รับการดูแลอย่างทั่วถึง",
        "Every child attends and is cared for",
        [
            ("chronic_absence", "ลดร้อยละนักเรียนที่ขาดเรียนเรื้อรัง", "Fewer chronically absent", 0.12),
            ("home_visit_coverage", "นักเรียนได้รับการเยี่ยมบ้านครบถ้วน", "Home visits for all", 0.7),
        ],
    ),
    (
        "quality",
        "ผู้เรียนมีคุณภาพ สุขภาพดี",
        "Learners achieve and grow healthy",
        [
            ("grade_three_plus_share", "เพิ่มร้อยละผลการเรียนระดับ 3 ขึ้นไป", "More grades 3+", 0.45),
            ("tall_and_proportionate", "นักเรียนสูงดีสมส่วนเพิ่มขึ้น", "More tall and lean", 0.55),
        ],
    ),
    (
        "efficiency",
        "ระบบการศึกษามีประสิทธิภาพ ไม่มีเด็กหลุดออกนอกระบบ",
        "An efficient system with zero dropout",
        [
            ("attendance_rate", "อัตราการมาเรียนเฉลี่ยทั้งเมือง", "City attendance rate", 0.93),
            ("dropout_rate", "ลดอัตราการออกกลางคัน", "Lower dropout", 0.01),
        ],
    ),
]
GAP_CLOSED = (0.15, 0.30, 0.45)
FALL = (0.10, 0.20, 0.30)


def _targets(baseline: float, higher: bool) -> list[Decimal]:
    if higher:
        values = [baseline + (1 - baseline) * share for share in GAP_CLOSED]
    else:
        values = [baseline * (1 - share) for share in FALL]
    return [Decimal(f"{min(max(v, 0.0), 1.0):.4f}") for v in values]


def _baselines(network_id: int, year_be: int, codes: list[str]) -> dict[str, float]:
    frame = indicator_frame(Cut(year_be=year_be, where={"network": (network_id,)}), codes)
    frame = frame[frame["category"].fillna("") == ""]
    return {
        str(row["indicator"]): float(row["value"])
        for row in frame.to_dict("records")
        if row["value"] == row["value"] and row["value"] is not None
    }


def write_blueprint(today: dt.date, network_code: str = NETWORK) -> dict[str, int]:
    network = Network.objects.filter(code=network_code).first()
    year = None
    if network is not None:
        year = (
            AcademicYear.objects.filter(network=network, start_date__lte=today)
            .order_by("-year_be")
            .first()
        )
    if network is None or year is None:
        return {"blueprint_plans": 0, "blueprint_kpis": 0}
    known = indicators()
    codes = [code for *_, kpis in GOALS for code, *_ in kpis if code in known]
    baselines = _baselines(network.pk, year.year_be - 1, codes)
    kpi_count = 0
    with transaction.atomic():
        plan = Plan.objects.create(
            network=network,
            name_th="พิมพ์เขียวการศึกษาเทศบาลนครภูเก็ต",
            name_en="Phuket City Education Blueprint",
            first_year_be=year.year_be,
            status=PlanStatus.ADOPTED,
            adopted_at=timezone.now(),
        )
        for order, (domain, title_th, title_en, kpis) in enumerate(GOALS, start=1):
            goal = Goal.objects.create(
                plan=plan, title_th=title_th, title_en=title_en, domain=domain, order=order
            )
            for kpi_order, (code, name_th, name_en, fallback) in enumerate(kpis, start=1):
                if code not in known:
                    continue
                indicator = known[code]
                baseline = baselines.get(code, fallback)
                kpi = Kpi.objects.create(
                    goal=goal, name_th=name_th, name_en=name_en, indicator=code,
                    baseline_year_be=year.year_be - 1,
                    baseline_value=Decimal(f"{baseline:.4f}"),
                    higher_is_better=bool(indicator.higher_is_better), unit=indicator.unit,
                    order=kpi_order,
                )  # fmt: skip
                targets = _targets(baseline, bool(indicator.higher_is_better))
                Target.objects.bulk_create(
                    Target(kpi=kpi, year_be=y, value=v)
                    for y, v in zip(plan.years, targets, strict=True)
                )
                kpi_count += 1
        audit_record(
            actor=None,
            action=AuditAction.IMPORT,
            target=plan,
            changes={"generator": "qinfo.demo", "goals": len(GOALS), "kpis": kpi_count},
        )
    return {"blueprint_plans": 1, "blueprint_kpis": kpi_count}
