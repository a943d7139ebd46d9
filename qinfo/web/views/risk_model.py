"""The learned model's card: the active model (or one asked for with ``?model=N``) and the history
of every model trained (docs/definitions.md §17, "The network's model").

The card names no child: counts, rates, metrics beside the rules', the calibration table, errors
per sex and per poverty group with the 0.8–1.25 warning, and the gate's decision. It is read by
those who answer for a school or the network: directors and registrars, officers, analysts and
administrators.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from qinfo.organisations.scope import scope_for
from qinfo.risk.models import ModelStatus, RiskModel
from qinfo.riskmodel.card import FAIR_HIGH, FAIR_LOW
from qinfo.riskmodel.features import BY_NAME
from qinfo.web.charts import Axis, Point, Series, line_chart
from qinfo.web.registry import shows


def may_read_models(user: Any) -> bool:
    scope = scope_for(user)
    return scope.is_admin or bool(scope.network_ids) or bool(scope.school_ids)


def _label(name: str) -> str:
    indicator = BY_NAME.get(name)
    return indicator.label(get_language() or "th") if indicator else name


def _side_names() -> dict[str, str]:
    return {"gbm": _("Model (gradient-boosted trees)"), "logistic": _("Logistic baseline"),
            "rules": _("Rules")}  # fmt: skip


def _group_names() -> dict[str, str]:
    return {
        "F": _("Girls"),
        "M": _("Boys"),
        "poor": _("Extremely poor"),
        "not_poor": _("Not extremely poor"),
        "unknown": _("Unknown"),
    }


def pct(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{100 * value:.{digits}f}%"


def num(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _metrics_rows(card: dict[str, Any]) -> list[dict[str, Any]]:
    names = _side_names()
    rows = []
    for key, name in names.items():
        side = card["metrics"][key]
        rows.append(
            {
                "key": key,
                "name": name,
                "auc": num(side["auc"]),
                "precision": pct(side["precision_at_k"]),
                "recall": pct(side["recall_at_k"]),
                "brier": num(side["brier"], 4),
            }
        )
    return rows


def _fairness(card: dict[str, Any]) -> list[dict[str, Any]]:
    """Per side and dimension: one row per group, with its rates, ratios and warnings."""
    names, sides = _group_names(), _side_names()
    dimensions = {"sex": _("Sex"), "poverty": _("Poverty")}
    out = []
    for side in ("gbm", "rules"):
        for dimension, title in dimensions.items():
            part = card["groups"][side][dimension]
            flagged = {(w["group"], w["rate"]) for w in part["warnings"]}
            rows = [
                {
                    "name": names.get(group, group),
                    "reference": group == part["reference"],
                    "n": entry["n"],
                    "left": entry["left"],
                    "fpr": pct(entry["false_positive_rate"]),
                    "fnr": pct(entry["false_negative_rate"]),
                    "fpr_ratio": num(entry.get("false_positive_rate_ratio"), 2),
                    "fnr_ratio": num(entry.get("false_negative_rate_ratio"), 2),
                    "fpr_warning": (group, "false_positive_rate") in flagged,
                    "fnr_warning": (group, "false_negative_rate") in flagged,
                }
                for group, entry in part["groups"].items()
            ]
            out.append({"side": sides[side], "dimension": title, "rows": rows,
                        "warned": bool(flagged)})  # fmt: skip
    return out


def _calibration_chart(card: dict[str, Any]) -> str:
    table = card["metrics"]["gbm"]["calibration"]
    top = max([0.05, *(max(b["predicted"], b["observed"]) for b in table)])
    top = min(1.0, round(top + 0.05, 1))
    ticks = [(top * i / 4, f"{100 * top * i / 4:.0f}%") for i in range(5)]
    series = [
        Series(
            _("Model"),
            [Point(b["predicted"], b["observed"], f"{100 * b['observed']:.0f}%") for b in table],
        ),
        Series(_("Perfect calibration"), [Point(0, 0), Point(top, top)]),
    ]
    return line_chart(
        title=_("Predicted and observed rate of not continuing, held-out year"),
        series=series,
        x=Axis(0, top, ticks, _("predicted")),
        y=Axis(0, top, ticks, _("observed")),
    )


def _calibration_how(calibration: dict[str, Any]) -> str:
    if calibration["method"] == "none":
        return _("none: the held-out year's probabilities are the model's own")
    how = str(calibration.get("fitted_on", ""))
    method = _("Platt's sigmoid") if calibration["method"] == "sigmoid" else _("isotonic")
    if how.startswith("forward"):
        return _(
            "%(method)s, fitted on the last training year as scored by a model of the earlier "
            "years only"
        ) % {"method": method}
    return _("%(method)s, fitted by cross-fitting within the training year") % {"method": method}


def _card_context(model: RiskModel) -> dict[str, Any]:
    card = model.card
    checks = {
        "precision_at_k": _("Precision among the k students followed"),
        "recall_at_k": _("Recall among the k students followed"),
        "auc": _("AUC"),
    }
    return {
        "model": model,
        "card": card,
        "metrics": _metrics_rows(card),
        "checks": [
            {
                "name": checks.get(c["metric"], c["metric"]),
                "model": (num if c["metric"] == "auc" else pct)(c["model"]),
                "rules": (num if c["metric"] == "auc" else pct)(c["rules"]),
                "passed": c["passed"],
            }
            for c in card["gate"]["checks"]
        ],
        "data": [
            {**d, "as_of": dt.date.fromisoformat(d["as_of"]), "rate": pct(d["label_rate"], 2)}
            for d in card["data"]
        ],
        "threshold": pct(card["workload"]["threshold"], 2),
        "fairness": _fairness(card),
        "warned": bool(card.get("warnings")),
        "importance": [
            {"label": _label(i["indicator"]), "effect": num(i["mean_abs_effect"])}
            for i in card.get("importance", [])
        ],
        "features": [_label(f) for f in card.get("features", [])],
        "calibration": [
            {
                "bin": f"{pct(b['low'], 0)}–{pct(b['high'], 0)}",
                "n": b["n"],
                "predicted": pct(b["predicted"], 2),
                "observed": pct(b["observed"], 2),
            }
            for b in card["metrics"]["gbm"]["calibration"]
        ],
        "chart": _calibration_chart(card),
        "calibration_how": _calibration_how(card["calibration"]),
    }


@shows("none")
@login_required
def model_card(request: HttpRequest) -> HttpResponse:
    if not may_read_models(request.user):
        raise PermissionDenied
    models = list(RiskModel.objects.order_by("-trained_at", "-pk"))
    wanted = request.GET.get("model", "")
    if wanted:
        chosen = next((m for m in models if str(m.pk) == wanted), None)
        if chosen is None:
            raise Http404
    else:
        active = [m for m in models if m.status == ModelStatus.ACTIVE]
        candidates = active or models
        chosen = candidates[0] if candidates else None
    context: dict[str, Any] = {
        "models": models,
        "chosen": chosen,
        "fair_low": FAIR_LOW,
        "fair_high": FAIR_HIGH,
    }
    if chosen is not None and chosen.card:
        context.update(_card_context(chosen))
    return render(request, "web/risk/model_card.html", context)
