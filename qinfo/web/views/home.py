"""The home page: what the signed-in user works with, by role.

A teacher sees the classrooms they teach this year; a director or registrar their school's
classrooms by grade with counts; an officer or administrator the network's schools with counts;
an analyst counts only.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from qinfo.organisations.models import Classroom, GradeLevel
from qinfo.organisations.policies import classroom_policy, school_policy
from qinfo.web.common import (
    EMPTY_COUNTS,
    Viewer,
    chosen_year,
    enrolment_counts,
    user_network_ids,
)
from qinfo.web.registry import shows


def classroom_cards(
    viewer: Viewer, classrooms: list[Classroom], year_be: int | None
) -> list[dict[str, Any]]:
    counts = enrolment_counts(
        viewer.user, year_be, "classroom_id", Q(classroom_id__in=[c.pk for c in classrooms])
    )
    return [
        {
            "classroom": c,
            "school": c.school,
            "teachers": [] if viewer.deidentified else [str(t) for t in c.homeroom_teachers.all()],
            "counts": counts.get(c.pk, EMPTY_COUNTS),
            # No row at all: an empty classroom, or one whose children the viewer may not see.
            "seen": c.pk in counts,
        }
        for c in classrooms
    ]


def by_grade(cards: list[dict[str, Any]]) -> list[dict[str, Any]]:
    grades = []
    for grade, items in groupby(cards, key=lambda card: card["classroom"].grade_level):
        group = list(items)
        grades.append(
            {
                "grade": GradeLevel(grade).label,
                "cards": group,
                "students": sum(card["counts"]["students"] for card in group),
            }
        )
    return grades


def school_table(viewer: Viewer, year_be: int | None) -> dict[str, Any]:
    schools = list(school_policy.rows(viewer.user).select_related("network"))
    counts = enrolment_counts(viewer.user, year_be, "school_id")
    rows: list[dict[str, Any]] = [
        {"school": s, "counts": counts.get(s.pk, EMPTY_COUNTS)} for s in schools
    ]
    totals = {k: sum(r["counts"][k] for r in rows) for k in EMPTY_COUNTS}
    grade_counts = enrolment_counts(viewer.user, year_be, "classroom__grade_level")
    grades: list[dict[str, Any]] = [
        {"grade": GradeLevel(g).label, "counts": grade_counts[g]} for g in sorted(grade_counts)
    ]
    top = max((g["counts"]["students"] for g in grades), default=0)
    return {"rows": rows, "totals": totals, "grades": grades, "max_grade": top or 1}


@shows("none")
@login_required
def home(request: HttpRequest) -> HttpResponse:
    viewer = Viewer.of(request)
    scope = viewer.scope
    year_be, years = chosen_year(request, user_network_ids(viewer.user))
    context: dict[str, Any] = {"year": year_be, "years": years, "viewer": viewer}
    visible = classroom_policy.rows(viewer.user).filter(academic_year__year_be=year_be or 0)
    visible = visible.select_related("school").prefetch_related("homeroom_teachers")
    if scope.classroom_ids and not viewer.deidentified:
        mine = classroom_cards(viewer, list(visible.filter(pk__in=scope.classroom_ids)), year_be)
        # The homeroom class first: it is the one a teacher answers for.
        is_homeroom = {
            card["classroom"].pk: any(
                t.user_id == viewer.user.pk for t in card["classroom"].homeroom_teachers.all()
            )
            for card in mine
        }
        context["my_homerooms"] = [c for c in mine if is_homeroom[c["classroom"].pk]]
        context["my_classrooms"] = [c for c in mine if not is_homeroom[c["classroom"].pk]]
    if scope.school_ids and not viewer.deidentified:
        schools = []
        school_counts = enrolment_counts(viewer.user, year_be, "school_id")
        for school in school_policy.rows(viewer.user).filter(pk__in=scope.school_ids):
            cards = classroom_cards(viewer, list(visible.filter(school=school)), year_be)
            counts = school_counts.get(school.pk, EMPTY_COUNTS)
            schools.append({"school": school, "grades": by_grade(cards), "counts": counts})
        context["my_schools"] = schools
    if scope.is_admin or scope.network_ids:
        context["network"] = school_table(viewer, year_be)
    context["nothing"] = not scope.sees_anything
    return render(request, "web/home.html", context)
