"""The Blueprint's annual review pack for the April workshop (docs/definitions.md §24): a PDF in
Thai with a chart per KPI (inline SVG, qinfo.web.charts; WeasyPrint, decision 0008) and an Excel
workbook; both at /blueprint/review.pdf?plan=N and /blueprint/review.xlsx?plan=N. Also the KPI
table rows and charts the plan pages share with the pack."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from qinfo.blueprint.catalogue import STATUS_WORDS, display, shown
from qinfo.blueprint.models import Plan
from qinfo.blueprint.policies import plan_policy
from qinfo.blueprint.progress import KpiProgress, plan_progress, school_progress
from qinfo.blueprint.rules import NO_DATA
from qinfo.blueprint.workbook import review_workbook
from qinfo.organisations.policies import school_policy
from qinfo.web import pdf
from qinfo.web.charts import Axis, Point, Series, line_chart
from qinfo.web.registry import shows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PRINT_CSS = ("web/child-print.css", "web/blueprint-print.css")


def kpi_rows(plan: Plan, row: KpiProgress) -> list[dict[str, Any]]:
    """The KPI's table: the baseline year, then each plan year with target, actual, status."""
    unit = row.kpi.unit
    rows: list[dict[str, Any]] = [
        {
            "year": row.baseline_year,
            "baseline": True,
            "target": "—",
            "actual": display(row.baseline, unit),
            "status": "",
            "words": _("Baseline"),
        }
    ]
    for year in plan.years:
        status = row.statuses[year]
        rows.append(
            {
                "year": year,
                "baseline": False,
                "target": display(row.targets.get(year), unit),
                "own": year in row.set_by_officer,
                "actual": display(row.actuals.get(year), unit),
                "status": status,
                "words": STATUS_WORDS[status],
            }
        )
    return rows


def _ticks(low: float, high: float) -> list[tuple[float, str]]:
    step = (high - low) / 4 or 1.0
    return [(low + i * step, f"{low + i * step:.1f}".rstrip("0").rstrip(".")) for i in range(5)]


def kpi_chart(plan: Plan, row: KpiProgress) -> Any:
    """Targets and actual values over the baseline year and the plan's years (rates in %)."""
    unit = row.kpi.unit
    years = [row.baseline_year, *plan.years]
    target_points = []
    actual_points = []
    base = shown(row.baseline, unit)
    if base is not None:
        target_points.append(Point(row.baseline_year, base))
        actual_points.append(Point(row.baseline_year, base, display(row.baseline, unit)))
    for year in plan.years:
        target = shown(row.targets.get(year), unit)
        if target is not None:
            target_points.append(Point(year, target))
        actual = shown(row.actuals.get(year), unit)
        if actual is not None:
            actual_points.append(Point(year, actual, display(row.actuals.get(year), unit)))
    values = [p.y for p in target_points + actual_points]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    pad = (high - low) * 0.2 or max(abs(high) * 0.1, 1.0)
    low, high = max(0.0, low - pad), high + pad
    if unit == "rate":
        high = min(high, 100.0)
    return line_chart(
        title=row.name,
        series=[Series(_("Target"), target_points), Series(_("Actual"), actual_points)],
        x=Axis(years[0] - 0.4, years[-1] + 0.4, [(y, str(y)) for y in years]),
        y=Axis(low, high, _ticks(low, high), title="%" if unit == "rate" else ""),
    )


def review_year(plan: Plan, rows: list[KpiProgress]) -> int:
    """The year the workshop reviews: the latest plan year with an actual value, else the first."""
    with_data = [y for r in rows for y, v in r.actuals.items() if v is not None]
    return max(with_data) if with_data else plan.first_year_be


def review_context(request: HttpRequest, plan: Plan) -> dict[str, Any]:
    goals = plan_progress(plan)
    schools = list(school_policy.rows(request.user).filter(network=plan.network).order_by("code"))
    shares = school_progress(plan, [s.pk for s in schools]) if schools else {}
    city_rows = [k for g in goals for k in g.kpis]
    year = review_year(plan, city_rows)
    following = year + 1 if year + 1 in plan.years else None
    return {
        "plan": plan,
        "goals": goals,
        "schools": schools,
        "shares": shares,
        "year": year,
        "following": following,
        "printed_on": timezone.localdate(),
    }


def _pdf_sections(plan: Plan, context: dict[str, Any]) -> tuple[list[Any], list[Any]]:
    sections = [
        {
            "goal": g.goal,
            "kpis": [
                {"progress": k, "rows": kpi_rows(plan, k), "chart": kpi_chart(plan, k)}
                for k in g.kpis
            ],
        }
        for g in context["goals"]
    ]
    year, following = context["year"], context["following"]
    schools = [
        {
            "school": school,
            "rows": [
                {
                    "name": r.name,
                    "baseline": display(r.baseline, r.kpi.unit),
                    "target": display(r.targets.get(year), r.kpi.unit),
                    "own": year in r.set_by_officer,
                    "actual": display(r.actuals.get(year), r.kpi.unit),
                    "status": r.statuses.get(year, NO_DATA),
                    "words": STATUS_WORDS[r.statuses.get(year, NO_DATA)],
                    "next": display(r.targets.get(following), r.kpi.unit) if following else "",
                }
                for r in context["shares"].get(school.pk, [])
            ],
        }
        for school in context["schools"]
    ]
    return sections, schools


def _plan(request: HttpRequest) -> Plan:
    raw = request.GET.get("plan", "")
    found = None
    if raw.isdigit():
        found = plan_policy.rows(request.user).select_related("network").filter(pk=int(raw)).first()
    if found is None:
        raise Http404
    return found


@shows("none")
@login_required
@require_GET
def blueprint_review_pdf(request: HttpRequest) -> HttpResponse:
    plan = _plan(request)
    context = review_context(request, plan)
    sections, schools = _pdf_sections(plan, context)
    context |= {
        "sections": sections,
        "school_tables": schools,
        "print_css": pdf.inline_css(*PRINT_CSS),
    }
    html = render_to_string("web/blueprint/review_pdf.html", context, request=request)
    return pdf.pdf_response(pdf.html_to_pdf(html), f"blueprint-{plan.pk}-review.pdf")


@shows("none")
@login_required
@require_GET
def blueprint_review_xlsx(request: HttpRequest) -> HttpResponse:
    plan = _plan(request)
    context = review_context(request, plan)
    content = review_workbook(plan, context["goals"], context["schools"], context["shares"])
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="blueprint-{plan.pk}-review.xlsx"'
    response["Cache-Control"] = "no-store"
    return response
