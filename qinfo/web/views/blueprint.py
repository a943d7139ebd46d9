"""The Education Blueprint's pages (docs/definitions.md §24).

/blueprint/ lists the plans the user reads; an officer of the network (or an administrator)
creates one there. /blueprint/plan/?plan=N shows each goal's KPIs with baseline, targets, actual
values and status, with a small chart each; its writers add goals and KPIs and adopt or archive
it from the same page. /blueprint/schools/<school_id>/ shows a school's share of the city's
targets (the latest adopted plan of its network, or ``?plan=N``); officers set a school's own
targets there. No child is named on any of these pages.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from qinfo.blueprint import services
from qinfo.blueprint.catalogue import STATUS_WORDS, display, indicators, shown
from qinfo.blueprint.models import Domain, Goal, Kpi, Plan, PlanStatus
from qinfo.blueprint.policies import may_write_network, plan_policy, writable_network_ids
from qinfo.blueprint.progress import KpiProgress, plan_progress, school_progress
from qinfo.core.errors import DomainError, error_details
from qinfo.core.policy import Action
from qinfo.organisations.models import GradeLevel, Network
from qinfo.organisations.policies import school_policy
from qinfo.web.common import get_or_404
from qinfo.web.dashcharts import Chart, chart_download
from qinfo.web.registry import shows
from qinfo.web.views.blueprint_review import kpi_rows

DOMAIN_ORDER = [d.value for d in Domain]


def plan_from_query(request: HttpRequest, action: Action = Action.VIEW) -> Plan:
    raw = request.GET.get("plan", "") or request.POST.get("plan", "")
    if not raw.isdigit():
        raise Http404
    return get_or_404_plan(request.user, int(raw), action)


def get_or_404_plan(user: Any, pk: int, action: Action = Action.VIEW) -> Plan:
    found = plan_policy.rows(user, action).select_related("network").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _errors(error: DomainError) -> str:
    return " ".join(d["message"] for d in error_details(error))


@shows("none")
@login_required
@require_http_methods(["GET", "POST"])
def blueprint_list(request: HttpRequest) -> HttpResponse:
    writable = writable_network_ids(request.user)
    networks = Network.objects.order_by("name_th")
    if writable is not None:
        networks = networks.filter(pk__in=writable)
    error = None
    if request.method == "POST":
        network = networks.filter(pk=request.POST.get("network") or 0).first()
        if network is None:
            raise PermissionDenied
        try:
            plan = services.plan_create(
                actor=request.user,
                network=network,
                name_th=request.POST.get("name_th", ""),
                name_en=request.POST.get("name_en", ""),
                first_year_be=request.POST.get("first_year_be", ""),
            )
        except DomainError as exc:
            error = _errors(exc)
        else:
            messages.success(request, _("The plan was created as a draft."))
            return redirect(reverse("web:blueprint_plan") + f"?plan={plan.pk}")
    plans = plan_policy.rows(request.user).select_related("network")
    context = {
        "plans": list(plans),
        "networks": list(networks),
        "error": error,
        "form": request.POST if request.method == "POST" else {},
    }
    return render(request, "web/blueprint/list.html", context)


def _kpi_input(post: Any) -> services.KpiInput:
    years = [int(y) for y in post.getlist("year") if str(y).isdigit()]
    direction = {"higher": True, "lower": False}.get(post.get("direction", ""))
    return services.KpiInput(
        name_th=post.get("name_th", ""),
        name_en=post.get("name_en", ""),
        indicator=post.get("indicator", ""),
        category=post.get("category", ""),
        grade=post.get("grade") or None,
        baseline_year_be=post.get("baseline_year_be", ""),
        baseline_value=post.get("baseline_value") or None,
        tolerance=post.get("tolerance") or None,
        higher_is_better=direction,
        targets={year: post.get(f"target_{year}", "") for year in years},
    )


def _act(request: HttpRequest, plan: Plan) -> str | None:
    """Applies the posted change to the plan; answers an error message or None."""
    post, actor = request.POST, request.user
    action = post.get("action", "")
    try:
        if action == "goal":
            services.goal_add(
                actor=actor,
                plan=plan,
                title_th=post.get("title_th", ""),
                title_en=post.get("title_en", ""),
                domain=post.get("domain", ""),
            )
        elif action == "kpi":
            goal = Goal.objects.filter(plan=plan, pk=post.get("goal") or 0).first()
            if goal is None:
                return _("Choose a goal of this plan.")
            services.kpi_add(actor=actor, goal=goal, kpi=_kpi_input(post))
        elif action == "adopt":
            services.plan_adopt(actor=actor, plan=plan)
        elif action == "archive":
            services.plan_archive(actor=actor, plan=plan)
        elif action == "withdraw":
            kpi = Kpi.objects.filter(goal__plan=plan, pk=post.get("kpi") or 0).first()
            if kpi is None:
                return _("Choose a KPI of this plan.")
            services.kpi_withdraw(actor=actor, kpi=kpi)
        else:
            return _("Unknown action.")
    except DomainError as exc:
        return _errors(exc)
    return None


def _indicator_choices() -> list[dict[str, Any]]:
    return [
        {
            "code": code,
            "label_th": item.label_th,
            "label_en": item.label_en,
            "unit": item.unit,
            "direction": item.higher_is_better,
        }
        for code, item in indicators().items()
    ]


@shows("none")
@login_required
@require_http_methods(["GET", "POST"])
def blueprint_plan(request: HttpRequest) -> HttpResponse:
    plan = plan_from_query(request)
    editor = may_write_network(request.user, plan.network_id)
    error = None
    if request.method == "POST":
        if not editor:
            raise PermissionDenied
        error = _act(request, plan)
        if error is None:
            messages.success(request, _("Saved."))
            return redirect(reverse("web:blueprint_plan") + f"?plan={plan.pk}")
    goals = [(g.goal, [_kpi_view(plan, k) for k in g.kpis]) for g in plan_progress(plan)]
    download = chart_download(request, [k["chart"] for _goal, kpis in goals for k in kpis])
    if download is not None:
        return download
    context = {
        "plan": plan,
        "editor": editor and plan.status != PlanStatus.ARCHIVED,
        "goals": [{"goal": goal, "kpis": kpis} for goal, kpis in goals],
        "error": error,
        "form": request.POST if request.method == "POST" else {},
        "domains": Domain.choices,
        "indicators": _indicator_choices(),
        "grades": GradeLevel.choices,
        "schools": school_policy.rows(request.user).filter(network=plan.network).order_by("code"),
    }
    return render(request, "web/blueprint/plan.html", context)


def _kpi_view(plan: Plan, row: KpiProgress) -> dict[str, Any]:
    return {
        "progress": row,
        "rows": kpi_rows(plan, row),
        "baseline": display(row.baseline, row.kpi.unit),
        "status": row.latest_status,
        "status_words": STATUS_WORDS[row.latest_status],
        "chart": kpi_dashchart(plan, row),
        "direction": _("higher is better") if row.kpi.higher_is_better else _("lower is better"),
    }


def kpi_dashchart(plan: Plan, row: KpiProgress) -> Chart:
    """The KPI's targets and actual values over the baseline and plan years (H3's chart: PNG,
    CSV and Excel downloads); the baseline year's target is the baseline itself."""
    years = [row.baseline_year, *plan.years]
    return Chart(
        id=f"kpi-{row.kpi.pk}",
        title=row.name,
        kind="line",
        categories=[str(y) for y in years],
        series=[
            (_("Target"), [row.baseline, *(row.targets.get(y) for y in plan.years)]),
            (_("Actual"), [row.baseline, *(row.actuals.get(y) for y in plan.years)]),
        ],
        unit=row.kpi.unit,
        category_label=_("Academic year"),
    )


def _school_plan(request: HttpRequest, network_id: int) -> Plan | None:
    raw = request.GET.get("plan", "") or request.POST.get("plan", "")
    readable = plan_policy.rows(request.user).filter(network_id=network_id)
    if raw.isdigit():
        return readable.filter(pk=int(raw)).first()
    adopted = readable.filter(status=PlanStatus.ADOPTED).order_by("-first_year_be", "-pk")
    return adopted.first() or readable.order_by("-first_year_be", "-pk").first()


@shows("school")
@login_required
@require_http_methods(["GET", "POST"])
def blueprint_school(request: HttpRequest, school_id: int) -> HttpResponse:
    school = get_or_404(school_policy, request.user, school_id)
    plan = _school_plan(request, school.network_id)
    editor = plan is not None and plan.status != PlanStatus.ARCHIVED
    editor = editor and may_write_network(request.user, school.network_id)
    error = None
    if request.method == "POST":
        if plan is None or not editor:
            raise PermissionDenied
        kpi = Kpi.objects.filter(goal__plan=plan, pk=request.POST.get("kpi") or 0).first()
        if kpi is None:
            raise Http404
        typed = {y: request.POST.get(f"target_{y}", "") for y in plan.years}
        try:
            services.school_targets_set(
                actor=request.user,
                kpi=kpi,
                school=school,
                targets={y: v for y, v in typed.items() if str(v).strip()},
            )
        except DomainError as exc:
            error = _errors(exc)
        else:
            messages.success(request, _("The school's targets were saved."))
            url = reverse("web:blueprint_school", kwargs={"school_id": school.pk})
            return redirect(f"{url}?plan={plan.pk}")
    rows = school_progress(plan, [school.pk])[school.pk] if plan is not None else []
    kpis = [
        _kpi_view(plan, row)
        | {"inputs": [(y, _typed(row.targets.get(y), row.kpi.unit)) for y in plan.years]}
        for row in rows
        if plan is not None
    ]
    download = chart_download(request, [k["chart"] for k in kpis])
    if download is not None:
        return download
    context = {
        "school": school,
        "plan": plan,
        "editor": editor,
        "error": error,
        "kpis": kpis,
    }
    return render(request, "web/blueprint/school.html", context)


def _typed(value: float | None, unit: str) -> str:
    number = shown(value, unit)
    return "" if number is None else f"{number:.2f}".rstrip("0").rstrip(".")
