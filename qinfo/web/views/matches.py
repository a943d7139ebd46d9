"""Possible duplicates: an officer compares two records of maybe the same child and decides."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from qinfo.core.errors import DomainError, error_details
from qinfo.enrolment.matching import student_match_confirm, student_match_reject
from qinfo.enrolment.models import Enrolment, MatchReason, MatchStatus, StudentMatch
from qinfo.enrolment.policies import student_match_policy
from qinfo.enrolment.selectors import enrolment_list
from qinfo.web.common import Viewer, get_or_404
from qinfo.web.present import StudentRow, label, student_row
from qinfo.web.registry import shows


@dataclass
class Proposal:
    pk: int
    reason: str
    keep: StudentRow
    duplicate: StudentRow
    keep_history: list[Enrolment]
    duplicate_history: list[Enrolment]


def _history(user: Any, student_id: int) -> list[Enrolment]:
    return list(enrolment_list(user=user, student_id=student_id).select_related("school"))


def _proposals(viewer: Viewer) -> list[Proposal]:
    pending = (
        student_match_policy.rows(viewer.user)
        .filter(status=MatchStatus.PROPOSED)
        .select_related("keep", "duplicate")
        .order_by("proposed_at", "pk")
    )
    return [
        Proposal(
            pk=m.pk,
            reason=label(MatchReason, m.reason),
            keep=student_row(m.keep, deidentified=viewer.deidentified),
            duplicate=student_row(m.duplicate, deidentified=viewer.deidentified),
            keep_history=_history(viewer.user, m.keep_id),
            duplicate_history=_history(viewer.user, m.duplicate_id),
        )
        for m in pending
    ]


@shows("student_subset")
@login_required
@require_http_methods(["GET", "POST"])
def match_review(request: HttpRequest) -> HttpResponse:
    viewer = Viewer.of(request)
    if request.method == "POST":
        match: StudentMatch = get_or_404(
            student_match_policy, viewer.user, request.POST.get("match", "")
        )
        decide: Any = (
            student_match_confirm
            if request.POST.get("decision") == "merge"
            else student_match_reject
        )
        try:
            decide(actor=viewer.user, match=match)
        except DomainError as error:
            for detail in error_details(error):
                messages.error(request, detail["message"])
        else:
            messages.success(
                request,
                _("The records were merged.")
                if decide is student_match_confirm
                else _("Marked as two different children."),
            )
        return redirect("web:matches")
    return render(
        request, "web/match_review.html", {"viewer": viewer, "proposals": _proposals(viewer)}
    )
