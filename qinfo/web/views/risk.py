"""The early warning's rules and its scoring runs (docs/definitions.md §16, §19).

/risk/rules/ shows every signed-in user the active rules in words, and the versions with who saved
them, when, why and what changed; an officer or an administrator edits a rule (``?edit=CODE``) or
adds one (``?add=1``), each save a new version. /risk/scoring/ lists the runs; an officer or an
administrator asks for a scoring now, and the runs' progress is polled from a small fragment
(/risk/scoring/progress/) while one is queued or running. No child is named on these pages.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from qinfo.alerts.tasks import score_later
from qinfo.core.errors import DomainError, error_details
from qinfo.risk.models import Dimension, Level, Operator, RiskRule, RunStatus
from qinfo.risk.policies import may_read_rules
from qinfo.risk.rules import active_ruleset, is_thai, number
from qinfo.risk.selectors import recent_runs, rule_row, ruleset_changes, rulesets, run_percent
from qinfo.risk.services import (
    RuleInput,
    may_edit_rules,
    may_request_scoring,
    rule_add,
    rule_change,
)
from qinfo.riskmodel.features import INDICATORS
from qinfo.web.common import Viewer
from qinfo.web.registry import shows
from qinfo.web.views.risk_model import may_read_models

#: What a run is doing, in words (``ScoringRun.step``).
STEP_NAMES = {
    "indicators": gettext_lazy("Computing the indicators"),
    "rules": gettext_lazy("Applying the rules"),
    "model": gettext_lazy("Applying the learned model"),
    "writing": gettext_lazy("Saving the scores"),
    "alerts": gettext_lazy("Updating the alerts"),
    "done": gettext_lazy("Finished"),
}


def _typed(request: HttpRequest, code: str) -> dict[str, Any]:
    post = request.POST
    return {
        "code": code,
        "label_th": post.get("label_th", "")[:300],
        "label_en": post.get("label_en", "")[:300],
        "indicator": post.get("indicator", ""),
        "operator": post.get("operator", ""),
        "threshold": post.get("threshold", "")[:30],
        "severity": post.get("severity", ""),
        "dimension": post.get("dimension", ""),
        "hard": post.get("hard") == "on",
        "enabled": post.get("enabled") == "on",
    }


def _save(request: HttpRequest) -> str | None:
    """Saves the posted rule; answers the error message, or None when it was saved."""
    note = request.POST.get("note", "")
    try:
        if request.POST.get("action") == "add":
            typed = _typed(request, request.POST.get("code", "").strip()[:60])
            rule_add(actor=request.user, rule=RuleInput(**typed), note=note)
        else:
            typed = _typed(request, request.POST.get("code", ""))
            code = typed.pop("code")
            rule_change(actor=request.user, code=code, changes=typed, note=note)
    except DomainError as error:
        return " ".join(d["message"] for d in error_details(error))
    return None


def _form(rule: RiskRule | None, request: HttpRequest | None = None) -> dict[str, Any]:
    """The values the edit form shows: what was typed after a refusal, else the rule's."""
    if request is not None and request.method == "POST":
        values = _typed(request, request.POST.get("code", ""))
    elif rule is not None:
        values = {
            key: getattr(rule, key)
            for key in ("code", "label_th", "label_en", "indicator", "operator", "severity")
        }
        values |= {
            "dimension": rule.dimension,
            "threshold": number(rule.threshold),
            "hard": rule.hard,
            "enabled": rule.enabled,
        }
    else:
        values = {"enabled": True, "severity": Level.AT_RISK, "operator": ">="}
    return values


@shows("none")
@login_required
@require_http_methods(["GET", "POST"])
def risk_rules(request: HttpRequest) -> HttpResponse:
    viewer = Viewer.of(request)
    if not may_read_rules(viewer.user):
        raise PermissionDenied
    editor = may_edit_rules(viewer.user)
    error = None
    if request.method == "POST":
        if not editor:
            raise PermissionDenied
        error = _save(request)
        if error is None:
            messages.success(request, _("The rules were saved as a new version."))
            return redirect(reverse("web:risk_rules"))
    versions = list(rulesets())
    active = next((v for v in versions if v.active), None)
    history = [
        {"ruleset": v, "changes": ruleset_changes(older, v)}
        for v, older in zip(versions, [*versions[1:], None], strict=True)
    ]
    editing = request.POST.get("code") if request.method == "POST" else request.GET.get("edit")
    adding = request.POST.get("action") == "add" or request.GET.get("add") == "1"
    rule = None
    if editor and editing and not adding and active is not None:
        rule = next((r for r in active.rules.all() if r.code == editing), None)
    context: dict[str, Any] = {
        "viewer": viewer,
        "active": active,
        "rows": [rule_row(r) for r in active.rules.all()] if active else [],
        "history": history,
        "editor": editor,
        "edit": rule,
        "adding": editor and adding,
        "form": _form(rule, request) if editor and (rule or adding) else None,
        "error": error,
        "indicators": [(i.name, i.label_th if is_thai() else i.label_en) for i in INDICATORS],
        "operators": Operator.choices,
        "severities": [
            (Level.AT_RISK.value, Level.AT_RISK.label),
            (Level.PROBLEM.value, Level.PROBLEM.label),
        ],
        "dimensions": Dimension.choices,
        "may_read_models": may_read_models(request.user),
    }
    return render(request, "web/risk/rules.html", context)


def _runs_context(viewer: Viewer) -> dict[str, Any]:
    runs = recent_runs()
    rows = [
        {
            "run": run,
            "percent": run_percent(run),
            "step": STEP_NAMES.get(run.step, run.step),
        }
        for run in runs
    ]
    active = any(r.status in (RunStatus.QUEUED, RunStatus.RUNNING) for r in runs)
    # Who asked is a person's name: not for de-identified viewers.
    return {"runs": rows, "running": active, "deidentified": viewer.deidentified}


@shows("none")
@login_required
@require_http_methods(["GET", "POST"])
def risk_scoring(request: HttpRequest) -> HttpResponse:
    viewer = Viewer.of(request)
    if not may_read_rules(viewer.user):
        raise PermissionDenied
    may_score = may_request_scoring(viewer.user)
    if request.method == "POST":
        if not may_score:
            raise PermissionDenied
        try:
            score_later(actor=viewer.user)
        except DomainError as error:
            for detail in error_details(error):
                messages.error(request, detail["message"])
        else:
            messages.success(request, _("The scoring is queued; this page shows its progress."))
        return redirect(reverse("web:risk_scoring"))
    try:
        ruleset = active_ruleset()
    except DomainError:
        ruleset = None
    context = {
        "viewer": viewer,
        "may_score": may_score,
        "ruleset": ruleset,
        **_runs_context(viewer),
    }
    return render(request, "web/risk/scoring.html", context)


@shows("none")
@login_required
@require_GET
def risk_scoring_progress(request: HttpRequest) -> HttpResponse:
    """The runs table alone, for the page to poll while a run is queued or running."""
    viewer = Viewer.of(request)
    if not may_read_rules(viewer.user):
        raise PermissionDenied
    return render(request, "web/risk/_runs.html", _runs_context(viewer))
