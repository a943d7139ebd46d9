"""Students: a searchable list in Thai order, and one child's record across years and schools."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from qinfo.core.errors import NotFound
from qinfo.core.thai_sort import thai_sorted_by
from qinfo.enrolment.models import Enrolment
from qinfo.enrolment.policies import enrolment_policy, reads_about_one_child
from qinfo.enrolment.selectors import student_list, student_open
from qinfo.organisations.policies import school_policy
from qinfo.people.models import Student
from qinfo.web import child_page, pdf
from qinfo.web.common import Viewer
from qinfo.web.present import StudentRow, student_row
from qinfo.web.registry import shows

PER_PAGE = 50


def _latest_enrolments(user: Any, student_ids: list[int]) -> dict[int, Enrolment]:
    latest: dict[int, Enrolment] = {}
    rows = (
        enrolment_policy.rows(user)
        .filter(student_id__in=student_ids)
        .select_related("school", "classroom")
        .order_by("start_date", "pk")
    )
    for enrolment in rows:
        latest[enrolment.student_id] = enrolment
    return latest


@shows("student")
@login_required
def student_index(request: HttpRequest) -> HttpResponse:
    viewer = Viewer.of(request)
    q = request.GET.get("q", "").strip()[:100]
    schools = list(school_policy.rows(viewer.user).only("pk", "name_th"))
    raw_school = request.GET.get("school", "")
    school_id = int(raw_school) if raw_school.isdigit() else None
    if school_id is not None and school_id not in {s.pk for s in schools}:
        school_id = None
    rows = student_list(user=viewer.user, q=q or None, school_id=school_id)
    if viewer.deidentified:
        ids = list(rows.order_by("pk").values_list("pk", flat=True))
    else:
        names = rows.order_by("pk").values_list("pk", "first_name_th", "last_name_th")
        ids = [pk for pk, *_ in thai_sorted_by(names, lambda r: (r[1], r[2]))]
    page = Paginator(ids, PER_PAGE).get_page(request.GET.get("page"))
    page_ids = list(page.object_list)
    students = {s.pk: s for s in rows.filter(pk__in=page_ids)}
    latest = _latest_enrolments(viewer.user, page_ids)
    items: list[StudentRow] = [
        student_row(students[pk], deidentified=viewer.deidentified, enrolment=latest.get(pk))
        for pk in page_ids
    ]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "viewer": viewer,
        "rows": items,
        "page": page,
        "q": q,
        "schools": schools,
        "school_id": school_id,
        "query": query.urlencode(),
    }
    return render(request, "web/student_list.html", context)


def _open(request: HttpRequest, student_id: int) -> tuple[Viewer, Student]:
    """The child's record if the user may see it (404 otherwise); audits the opening."""
    viewer = Viewer.of(request)
    try:
        return viewer, student_open(user=viewer.user, student_id=student_id)
    except NotFound as exc:
        raise Http404 from exc


@shows("student_detail")
@login_required
def student_detail(request: HttpRequest, student_id: int) -> HttpResponse:
    with reads_about_one_child():
        viewer, student = _open(request, student_id)
        context = child_page.build(request, viewer, student)
        return render(request, "web/student_detail.html", context)


@shows("student_detail")
@login_required
def student_pdf(request: HttpRequest, student_id: int) -> HttpResponse:
    """The child's record printed to PDF in Thai (or the user's language); audited like the page."""
    with reads_about_one_child():
        viewer, student = _open(request, student_id)
        context = child_page.build(request, viewer, student)
        context["print_css"] = pdf.inline_css(*pdf.PRINT_CSS)
        context["printed_on"] = timezone.localdate()
        html = render_to_string("web/child/pdf.html", context, request=request)
    name = f"student-{student.pk}.pdf"
    return pdf.pdf_response(pdf.html_to_pdf(html), name)
