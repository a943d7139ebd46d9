"""Schools, one school's classrooms in a year, and one classroom's students in Thai order."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from qinfo.core.thai_sort import thai_sorted_by
from qinfo.enrolment.models import Enrolment
from qinfo.enrolment.policies import enrolment_policy
from qinfo.organisations.policies import classroom_policy, school_policy
from qinfo.web.common import Viewer, chosen_year, enrolment_counts, get_or_404
from qinfo.web.present import student_row
from qinfo.web.registry import shows
from qinfo.web.views.home import by_grade, classroom_cards, school_table


@shows("school")
@login_required
def school_list(request: HttpRequest) -> HttpResponse:
    viewer = Viewer.of(request)
    networks = school_policy.rows(viewer.user).values_list("network_id", flat=True).distinct()
    year_be, years = chosen_year(request, networks)
    context = {"viewer": viewer, "year": year_be, "years": years, **school_table(viewer, year_be)}
    return render(request, "web/school_list.html", context)


@shows("school")
@login_required
def school_detail(request: HttpRequest, school_id: int) -> HttpResponse:
    viewer = Viewer.of(request)
    school = get_or_404(school_policy, viewer.user, school_id)
    year_be, years = chosen_year(request, [school.network_id])
    classrooms = list(
        classroom_policy.rows(viewer.user)
        .filter(school=school, academic_year__year_be=year_be or 0)
        .select_related("school")
        .prefetch_related("homeroom_teachers")
        .order_by("grade_level", "room")
    )
    grades = by_grade(classroom_cards(viewer, classrooms, year_be))
    counts = enrolment_counts(viewer.user, year_be, "school_id").get(school.pk)
    context = {
        "viewer": viewer,
        "school": school,
        "year": year_be,
        "years": years,
        "grades": grades,
        "counts": counts,
    }
    return render(request, "web/school_detail.html", context)


@shows("classroom")
@login_required
def classroom_detail(request: HttpRequest, classroom_id: int) -> HttpResponse:
    viewer = Viewer.of(request)
    classroom = get_or_404(classroom_policy, viewer.user, classroom_id)
    enrolments: list[Enrolment] = list(
        enrolment_policy.rows(viewer.user)
        .filter(classroom=classroom)
        .select_related("student", "school", "classroom")
        .order_by("student_id", "pk")
    )
    if not viewer.deidentified:  # analysts see no names, so names must not order their list
        enrolments = thai_sorted_by(
            enrolments, lambda e: (e.student.first_name_th, e.student.last_name_th)
        )
    rows = [
        student_row(e.student, deidentified=viewer.deidentified, enrolment=e) for e in enrolments
    ]
    teachers = [] if viewer.deidentified else [str(t) for t in classroom.homeroom_teachers.all()]
    context: dict[str, Any] = {
        "viewer": viewer,
        "classroom": classroom,
        "school": classroom.school,
        "year": classroom.academic_year.year_be,
        "teachers": teachers,
        "rows": rows,
        "studying": sum(1 for r in rows if r.status_code == "active"),
    }
    return render(request, "web/classroom_detail.html", context)
