"""Alert pages (docs/definitions.md §18): the inbox, one child's alert, the watchlists.

/alerts/ is the signed-in person's inbox: the open alerts they own or that were escalated to them,
and their notifications (marked read with one button). /alerts/students/<student_id>/ is one
child's alert: the level, the reasons in words, the history and, for those who may act, the forms
(acknowledge, record an action, resolve or dismiss with a reason); ``?alert=<id>`` shows an older
one. /watchlist/ is one view for every role: a teacher's own classes, a director's school, an
officer's network; sortable and filterable with query parameters.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from qinfo.alerts import selectors, services
from qinfo.alerts.models import AlertEvent, AlertStatus
from qinfo.alerts.policies import alert_policy
from qinfo.alerts.reasons import reasons
from qinfo.core.errors import DomainError, NotFound, error_details
from qinfo.enrolment.selectors import student_open
from qinfo.risk.models import Dimension, Level
from qinfo.web.common import Viewer
from qinfo.web.present import pseudonym, student_profile
from qinfo.web.registry import shows

PER_PAGE = 100


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() and len(raw) <= 18 else None


@shows("student_subset")
@login_required
@require_http_methods(["GET", "POST"])
def inbox(request: HttpRequest) -> HttpResponse:
    viewer = Viewer.of(request)
    if request.method == "POST":
        services.notifications_mark_read(actor=viewer.user)
        return redirect("web:alerts_inbox")
    alerts = [
        {
            "alert": a,
            "name": pseudonym(a.student_id) if viewer.deidentified else a.student.full_name_th,
        }
        for a in selectors.my_open_alerts(viewer.user)
    ]
    notes = [
        {
            "note": n,
            "name": pseudonym(n.alert.student_id)
            if viewer.deidentified
            else n.alert.student.full_name_th,
        }
        for n in selectors.inbox(viewer.user)
    ]
    context = {
        "viewer": viewer,
        "alerts": alerts,
        "notes": notes,
        "unread": selectors.unread_count(viewer.user),
    }
    return render(request, "web/alerts/inbox.html", context)


_ACTIONS = {
    "acknowledge": lambda user, alert, text: services.alert_acknowledge(actor=user, alert=alert),
    "action": lambda user, alert, text: services.alert_record_action(
        actor=user, alert=alert, text=text
    ),
    "resolve": lambda user, alert, text: services.alert_resolve(
        actor=user, alert=alert, reason=text
    ),
    "dismiss": lambda user, alert, text: services.alert_dismiss(
        actor=user, alert=alert, reason=text
    ),
}
_DONE = {
    "acknowledge": gettext_lazy("Acknowledged."),
    "action": gettext_lazy("The action was recorded."),
    "resolve": gettext_lazy("The alert was resolved."),
    "dismiss": gettext_lazy("The alert was dismissed."),
}


def _act(request: HttpRequest, viewer: Viewer, student_id: int) -> tuple[HttpResponse | None, Any]:
    """A POSTed transition: a redirect when done, else the refusal to show on the page."""
    try:
        alert = alert_policy.get(viewer.user, _int(request.POST.get("alert")))
    except NotFound as exc:
        raise Http404 from exc
    if alert.student_id != student_id:
        raise Http404
    do = request.POST.get("do", "")
    if do not in _ACTIONS:
        return None, [_("Unknown action.")]
    try:
        _ACTIONS[do](viewer.user, alert, request.POST.get("text", ""))
    except DomainError as error:  # a PermissionDenied goes up: 403
        return None, [d["message"] for d in error_details(error)]
    messages.success(request, str(_DONE[do]))
    url = reverse("web:alert", kwargs={"student_id": student_id})
    return redirect(f"{url}?alert={alert.pk}"), None


@shows("student_detail")
@login_required
@require_http_methods(["GET", "POST"])
def alert_page(request: HttpRequest, student_id: int) -> HttpResponse:
    viewer = Viewer.of(request)
    errors: list[str] = []
    if request.method == "POST":
        done, refused = _act(request, viewer, student_id)
        if done is not None:
            return done
        errors = refused or []
    try:
        student = student_open(user=viewer.user, student_id=student_id)
    except NotFound as exc:
        raise Http404 from exc
    found = selectors.alerts_of_child(
        viewer.user, student.pk, _int(request.GET.get("alert") or request.POST.get("alert"))
    )
    chosen = found.chosen
    events: list[AlertEvent] = list(chosen.events.all()) if chosen else []
    context = {
        "viewer": viewer,
        "student_id": student.pk,
        "profile": student_profile(student, deidentified=viewer.deidentified),
        "alert": chosen,
        "reasons": reasons(chosen.reasons) if chosen else [],
        "events": events,
        "others": [a for a in found.alerts if a is not chosen],
        "may_act": found.may_act and chosen is not None and chosen.status in selectors.OPEN,
        "is_new": chosen is not None and chosen.status == AlertStatus.NEW,
        "errors": errors,
        "text": request.POST.get("text", "") if errors else "",
    }
    return render(request, "web/alerts/alert.html", context, status=422 if errors else 200)


@shows("student")
@login_required
def watchlist(request: HttpRequest) -> HttpResponse:
    viewer = Viewer.of(request)
    keys = ("level", "dimension", "school", "classroom", "status")
    filters = {key: request.GET.get(key, "") for key in keys}
    sort = request.GET.get("sort", "level")
    found = selectors.watchlist(viewer.user, filters=filters, sort=sort)
    page = Paginator(found.rows, PER_PAGE).get_page(request.GET.get("page"))
    for row in page.object_list:
        if viewer.deidentified:
            row.name = pseudonym(row.student_id)
    everything = selectors.watchlist(viewer.user) if any(filters.values()) else found
    schools = sorted({(r.school_id, r.school) for r in everything.rows}, key=lambda s: s[1])
    rooms = sorted(
        {
            (r.classroom_order, r.classroom_id, r.classroom)
            for r in everything.rows
            if r.classroom_id
        }
    )
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("sort", None)
    context = {
        "viewer": viewer,
        "list": found,
        "page": page,
        "filters": filters,
        "sort": sort,
        "base_query": query.urlencode(),
        "levels": [(Level.AT_RISK, Level.AT_RISK.label), (Level.PROBLEM, Level.PROBLEM.label)],
        "dimensions": Dimension.choices,
        "statuses": [("open", _("Open")), ("none", _("No alert")), *AlertStatus.choices],
        "schools": schools,
        "classrooms": [(pk, name) for _, pk, name in rooms],
        "sorts": [
            ("level", _("Level")),
            ("name", _("Name")),
            ("class", _("Class")),
            ("attendance", _("Attendance")),
            ("date", _("Alert date")),
        ],
    }
    return render(request, "web/alerts/watchlist.html", context)
