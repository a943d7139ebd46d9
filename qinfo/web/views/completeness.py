"""Completeness of data entry: what is still to enter, by role, and one school's months.

/completeness/ shows a teacher their own share (their homeroom classes' roll call and class-wide
entries, their courses' results), a director or registrar their school's, an officer or analyst
one row per school of the network. /schools/<id>/completeness/ shows one school's month table.
Only schools, classes, courses and counts appear: no child is named. Staff names are left out
for de-identified viewers.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from qinfo.completeness.frame import EVERYTHING
from qinfo.completeness.kinds import KINDS
from qinfo.completeness.selectors import (
    month_table,
    network_summary,
    schools_of,
    still_to_enter,
    teacher_narrow,
    user_frame,
)
from qinfo.organisations.policies import school_policy
from qinfo.web.common import Viewer, chosen_year, current_year_be, get_or_404, user_network_ids
from qinfo.web.registry import shows


@shows("school")
@login_required
def completeness_home(request: HttpRequest) -> HttpResponse:
    viewer = Viewer.of(request)
    scope, user = viewer.scope, viewer.user
    today = timezone.localdate()
    year_be = current_year_be(user_network_ids(user), today)
    context: dict[str, Any] = {"viewer": viewer, "year": year_be, "today": today, "kinds": KINDS}
    visible = schools_of(user)
    if year_be is not None and not viewer.deidentified:
        if scope.classroom_ids:
            frame = user_frame(
                user, year_be, today, visible.filter(pk__in=scope.teacher_school_ids)
            )
            context["mine"] = still_to_enter(frame, teacher_narrow(user, frame))
        context["my_schools"] = [
            {
                "school": school,
                "todo": still_to_enter(
                    user_frame(user, year_be, today, visible.filter(pk=school.pk))
                ),
            }
            for school in visible.filter(pk__in=scope.school_ids)
        ]
    if year_be is not None and (scope.is_admin or scope.network_ids):
        schools = list(visible.order_by("code"))
        frame = user_frame(user, year_be, today, visible, since=today.replace(day=1))
        context["network"] = network_summary(frame, schools)
    context["nothing"] = not any(context.get(key) for key in ("mine", "my_schools", "network"))
    return render(request, "web/completeness/home.html", context)


@shows("school")
@login_required
def school_completeness(request: HttpRequest, school_id: int) -> HttpResponse:
    viewer = Viewer.of(request)
    school = get_or_404(school_policy, viewer.user, school_id)
    today = timezone.localdate()
    year_be, years = chosen_year(request, [school.network_id])
    context: dict[str, Any] = {
        "viewer": viewer,
        "school": school,
        "year": year_be,
        "years": years,
        "today": today,
    }
    if year_be is not None:
        schools = school_policy.rows(viewer.user).filter(pk=school.pk)
        frame = user_frame(viewer.user, year_be, today, schools)
        context["table"] = month_table(frame)
        if year_be == current_year_be([school.network_id], today):
            context["todo"] = still_to_enter(frame, EVERYTHING)
    return render(request, "web/completeness/school.html", context)
