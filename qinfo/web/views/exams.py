"""National tests and literacy pages (docs/definitions.md §9): a school's results beside the
national means, the same for every school the user reaches, the Excel import with its template,
the table of national means, and a class's literacy screening with its summary."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from qinfo.core.errors import DomainError, PermissionDenied, error_details
from qinfo.core.thai_sort import thai_sorted_by
from qinfo.enrolment.policies import enrolment_policy
from qinfo.exams.imports import COLUMNS, XLSX_TYPE, read_sheet, template_workbook
from qinfo.exams.models import LITERACY_GRADES, LITERACY_SKILLS, LiteracyLevel, NationalTest
from qinfo.exams.policies import literacy_policy, national_mean_policy, national_result_policy
from qinfo.exams.selectors import (
    SubjectLine,
    literacy_list,
    literacy_summary,
    national_mean_list,
    school_means,
)
from qinfo.exams.services import (
    ScreeningInput,
    literacy_record,
    national_means_set,
    national_results_import,
)
from qinfo.organisations.models import Classroom, School, Term
from qinfo.organisations.policies import classroom_policy, school_policy
from qinfo.web.common import Viewer, get_or_404, visible_years
from qinfo.web.present import student_row
from qinfo.web.registry import shows


def _tested_years(user: Any, school_ids: list[int]) -> list[int]:
    """Years (BE) with results the user may see in these schools, newest first."""
    years = (
        national_result_policy.rows(user)
        .filter(school_id__in=school_ids)
        .values_list("academic_year__year_be", flat=True)
        .distinct()
    )
    return sorted(set(years), reverse=True)


def _year(request: HttpRequest, user: Any, schools: list[School]) -> tuple[int | None, list[int]]:
    """The year asked for, else the latest with results, else the latest year there is."""
    years = sorted(set(visible_years(user, {s.network_id for s in schools})) - {None}, reverse=True)
    raw = request.GET.get("year", "")
    if raw.isdigit() and int(raw) in years:
        return int(raw), years
    tested = _tested_years(user, [s.pk for s in schools])
    return (tested[0] if tested else (years[0] if years else None)), years


def _pct(value: Decimal | None) -> int:
    """A bar's length in percent of the 0–100 score scale."""
    return 0 if value is None else max(0, min(100, round(value)))


def _tests(lines: list[SubjectLine], schools: list[School]) -> list[dict[str, Any]]:
    """Lines grouped by test; each subject with its rows (schools, then the national mean) and
    bar lengths in percent of the 0–100 scale."""
    tests: dict[int, dict[str, Any]] = {}
    for line in lines:
        test = line.subject.test
        group = tests.setdefault(test.pk, {"test": test, "subjects": [], "tested": 0})
        bars: list[dict[str, Any]] = []
        for school in schools:
            n, mean = line.by_school.get(school.pk, (0, None))
            bars.append({"label": school.name_th, "n": n, "value": mean, "kind": "school"})
            bars[-1]["pct"] = _pct(mean)
        if len(schools) > 1:
            n, mean = line.overall
            bars.append({"label": _("All schools shown"), "n": n, "value": mean, "kind": "all"})
            bars[-1]["pct"] = _pct(mean)
        group["tested"] += sum(bar["n"] for bar in bars if bar["kind"] == "school")
        group["subjects"].append(
            {
                "subject": line.subject,
                "bars": bars,
                "national": line.national_mean,
                "national_year": line.national_mean_year,
                "national_pct": _pct(line.national_mean),
            }
        )
    return [group for group in tests.values() if group["tested"]]


def _results_page(
    request: HttpRequest, viewer: Viewer, schools: list[School], **extra: Any
) -> HttpResponse:
    year_be, years = _year(request, viewer.user, schools)
    lines = school_means(viewer.user, [s.pk for s in schools], year_be) if year_be else []
    context = {
        "viewer": viewer,
        "year": year_be,
        "years": years,
        "tests": _tests(lines, schools),
        "may_import": national_result_policy.importable_schools(viewer.user).exists(),
        **extra,
    }
    return render(request, "web/exams/results.html", context)


@shows("school")
@login_required
def school_national_tests(request: HttpRequest, school_id: int) -> HttpResponse:
    viewer = Viewer.of(request)
    school = get_or_404(school_policy, viewer.user, school_id)
    return _results_page(request, viewer, [school], school=school)


@shows("school")
@login_required
def network_national_tests(request: HttpRequest) -> HttpResponse:
    viewer = Viewer.of(request)
    schools = list(school_policy.rows(viewer.user).order_by("code"))
    return _results_page(request, viewer, schools)


# The import ---------------------------------------------------------------------------------


@shows("none")
@login_required
def national_tests_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(template_workbook(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="qinfo-national-tests.xlsx"'
    return response


@shows("none")
@login_required
def national_tests_import(request: HttpRequest) -> HttpResponse:
    viewer = Viewer.of(request)
    schools = list(national_result_policy.importable_schools(viewer.user).order_by("code"))
    years = visible_years(viewer.user, {s.network_id for s in schools}) if schools else []
    context: dict[str, Any] = {
        "viewer": viewer,
        "schools": schools,
        "years": years,
        "columns": COLUMNS,
        "errors": [],
    }
    if request.method == "POST" and schools:
        raw_school, raw_year = request.POST.get("school", ""), request.POST.get("year", "")
        school = next((s for s in schools if str(s.pk) == raw_school), None)
        upload = request.FILES.get("file")
        context |= {"chosen_school": raw_school, "chosen_year": raw_year}
        if school is None or not raw_year.isdigit() or upload is None:
            context["errors"] = [_("Choose a school, a year and a file.")]
        else:
            try:
                rows = read_sheet(upload)
                context["summary"] = national_results_import(
                    actor=viewer.user,
                    school=school,
                    year_be=int(raw_year),
                    rows=rows,
                    file_name=upload.name or "",
                )
                context["done_school"] = school
            except DomainError as exc:
                context["errors"] = [e["message"] for e in error_details(exc)]
    return render(request, "web/exams/import.html", context)


# National means ----------------------------------------------------------------------------


@shows("none")
@login_required
def national_means(request: HttpRequest) -> HttpResponse:
    viewer = Viewer.of(request)
    may_keep = national_mean_policy.may_keep(viewer.user)
    errors: list[str] = []
    saved = False
    tests = list(NationalTest.objects.prefetch_related("subjects"))
    if request.method == "POST":
        if not may_keep:
            raise PermissionDenied
        test = next((t for t in tests if str(t.pk) == request.POST.get("test")), None)
        raw_year = request.POST.get("year", "")
        if test is None or not raw_year.isdigit():
            errors = [_("Choose a test and a year.")]
        else:
            means = {}
            for subject in test.subjects.all():
                raw = request.POST.get(f"mean-{subject.code}", "").strip()
                means[subject.code] = raw or None
            try:
                national_means_set(
                    actor=viewer.user,
                    test=test,
                    year_be=int(raw_year),
                    means=means,
                    source=request.POST.get("source", "").strip()[:300],
                )
                saved = True
            except DomainError as exc:
                errors = [e["message"] for e in error_details(exc)]
    table: dict[tuple[int, int], dict[str, Any]] = {}
    for row in national_mean_list(user=viewer.user):
        key = (row.subject.test_id, row.year_be)
        entry = table.setdefault(key, {"year": row.year_be, "means": {}, "source": row.source})
        entry["means"][row.subject_id] = row.mean
    groups = [
        {
            "test": test,
            "subjects": list(test.subjects.all()),
            "years": [
                {
                    "year": entry["year"],
                    "source": entry["source"],
                    "values": [entry["means"].get(s.pk) for s in test.subjects.all()],
                }
                for (test_id, _y), entry in sorted(table.items(), key=lambda i: -i[0][1])
                if test_id == test.pk
            ],
        }
        for test in tests
    ]
    context = {
        "viewer": viewer,
        "groups": groups,
        "may_keep": may_keep,
        "errors": errors,
        "saved": saved,
    }
    return render(request, "web/exams/means.html", context)


# Literacy screening ------------------------------------------------------------------------


def _term(request: HttpRequest, classroom: Classroom, today: dt.date) -> tuple[Term | None, list]:
    """The term asked for (``?term=``), else the one running today, else the latest begun."""
    terms = list(
        Term.objects.filter(academic_year_id=classroom.academic_year_id, start_date__lte=today)
        .select_related("academic_year")
        .order_by("number")
    )
    raw = request.GET.get("term", "") or request.POST.get("term", "")
    chosen = next((t for t in terms if str(t.pk) == raw), None)
    if chosen is None:
        running = [t for t in terms if t.end_date >= today]
        chosen = running[0] if running else (terms[-1] if terms else None)
    return chosen, terms


def _entries(request: HttpRequest, student_ids: list[int]) -> list[ScreeningInput]:
    """The screenings posted: students with no level chosen at all are left out."""
    entries = []
    for pk in student_ids:
        raw = [request.POST.get(f"s{pk}-{name}", "") for name, _label in LITERACY_SKILLS]
        if not any(raw):
            continue
        levels = [int(v) if v.isdigit() else 0 for v in raw]
        entries.append(ScreeningInput(pk, *levels))
    return entries


@shows("classroom")
@login_required
def classroom_literacy(request: HttpRequest, classroom_id: int) -> HttpResponse:
    viewer = Viewer.of(request)
    classroom = get_or_404(classroom_policy, viewer.user, classroom_id)
    today = timezone.localdate()
    term, terms = _term(request, classroom, today)
    screened_grade = classroom.grade_level in LITERACY_GRADES
    may_record = literacy_policy.may_record_for(viewer.user, classroom) and not viewer.deidentified
    in_class = enrolment_policy.rows(viewer.user).filter(classroom=classroom)
    if term is not None:
        in_class = in_class.filter(start_date__lte=term.end_date).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=term.start_date)
        )
    enrolments = list(in_class.select_related("student", "school", "classroom"))
    if not viewer.deidentified:
        enrolments = thai_sorted_by(
            enrolments, lambda e: (e.student.first_name_th, e.student.last_name_th)
        )
    errors: list[str] = []
    saved = False
    if request.method == "POST":
        if not may_record or term is None:
            raise PermissionDenied
        try:
            entries = _entries(request, [e.student_id for e in enrolments])
            literacy_record(actor=viewer.user, classroom=classroom, term=term, entries=entries)
            return redirect(f"{request.path}?term={term.pk}&saved=1")
        except DomainError as exc:
            errors = [e["message"] for e in error_details(exc)]
    saved = request.GET.get("saved") == "1"
    screenings = (
        {
            s.student_id: s
            for s in literacy_list(user=viewer.user, classroom_id=classroom.pk, term_id=term.pk)
        }
        if term is not None
        else {}
    )
    rows = []
    for e in enrolments:
        found = screenings.get(e.student_id)
        rows.append(
            {
                "student": student_row(e.student, deidentified=viewer.deidentified, enrolment=e),
                "levels": [
                    (name, label, getattr(found, name) if found else None)
                    for name, label in LITERACY_SKILLS
                ],
            }
        )
    context = {
        "viewer": viewer,
        "classroom": classroom,
        "school": classroom.school,
        "year": classroom.academic_year.year_be,
        "term": term,
        "terms": terms,
        "screened_grade": screened_grade,
        "may_record": may_record and screened_grade and term is not None,
        "rows": rows,
        "levels": list(LiteracyLevel),
        "summary": literacy_summary(screenings.values()),
        "screened": len(screenings),
        "errors": errors,
        "saved": saved,
    }
    return render(request, "web/exams/literacy.html", context)
