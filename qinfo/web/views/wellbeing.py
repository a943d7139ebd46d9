"""A classroom's health entry for a term, and one child's SDQ entry with its history.

Both read only through the wellbeing selectors and the enrolment policy, and write only through
the wellbeing services. A refused save shows the reason above the form with what was typed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from qinfo.core.errors import DomainError, NotFound, error_details
from qinfo.core.policy import Action
from qinfo.core.thai_sort import thai_sorted_by
from qinfo.enrolment.policies import enrolment_policy, student_policy
from qinfo.enrolment.selectors import student_open
from qinfo.organisations.models import Classroom, Term
from qinfo.organisations.policies import classroom_policy
from qinfo.people.models import Student
from qinfo.web.common import Viewer, get_or_404
from qinfo.web.present import label, student_row
from qinfo.web.registry import shows
from qinfo.wellbeing import sdq
from qinfo.wellbeing.models import HealthMeasurement, SdqForm, SdqScale
from qinfo.wellbeing.policies import may_record_for
from qinfo.wellbeing.selectors import health_list, sdq_for_student, summarise
from qinfo.wellbeing.services import MeasurementInput, enrolment_on, health_record, sdq_record

# Health ----------------------------------------------------------------------------------------


def _term(request: HttpRequest, classroom: Classroom) -> tuple[Term | None, list[Term]]:
    """The term asked for in ``?term=``, else the one running today, else the latest begun."""
    terms = list(
        Term.objects.filter(academic_year_id=classroom.academic_year_id).order_by("number")
    )
    raw = request.GET.get("term", "")
    asked = next((t for t in terms if raw.isdigit() and t.pk == int(raw)), None)
    if asked is not None:
        return asked, terms
    today = timezone.localdate()
    begun = [t for t in terms if t.start_date <= today]
    return (begun[-1] if begun else (terms[0] if terms else None)), terms


def _default_date(term: Term) -> dt.date:
    return min(max(timezone.localdate(), term.start_date), term.end_date)


@dataclass
class HealthRow:
    pk: int
    name: str
    number: str
    weight: str
    height: str
    saved: HealthMeasurement | None


def _health_rows(viewer: Viewer, classroom: Classroom, term: Term) -> list[HealthRow]:
    """The children the viewer may see who were in the class during the term, Thai order."""
    enrolments = list(
        enrolment_policy.rows(viewer.user)
        .filter(classroom=classroom, start_date__lte=term.end_date)
        .exclude(end_date__lt=term.start_date)
        .select_related("student", "school", "classroom")
        .order_by("student_id", "pk")
    )
    if not viewer.deidentified:
        enrolments = thai_sorted_by(
            enrolments, lambda e: (e.student.first_name_th, e.student.last_name_th)
        )
    ids = [e.student_id for e in enrolments]
    saved = {
        m.student_id: m
        for m in health_list(user=viewer.user, term_id=term.pk).filter(student_id__in=ids)
    }
    rows = []
    for enrolment in enrolments:
        shown = student_row(
            enrolment.student, deidentified=viewer.deidentified, enrolment=enrolment
        )
        found = saved.get(enrolment.student_id)
        rows.append(
            HealthRow(
                pk=enrolment.student_id,
                name=shown.name,
                number=shown.number,
                weight=str(found.weight_kg) if found else "",
                height=str(found.height_cm) if found else "",
                saved=found,
            )
        )
    return rows


def _typed(request: HttpRequest, rows: list[HealthRow]) -> list[MeasurementInput]:
    """The rows with both a weight and a height typed; one without the other is refused."""
    entries = []
    for row in rows:
        row.weight = request.POST.get(f"w{row.pk}", "").strip().replace(",", ".")[:10]
        row.height = request.POST.get(f"h{row.pk}", "").strip().replace(",", ".")[:10]
        if row.weight or row.height:
            if not (row.weight and row.height):
                raise DomainError(_("Enter both the weight and the height of a student."))
            entries.append(MeasurementInput(row.pk, row.weight, row.height))
    return entries


@shows("classroom")
@login_required
@require_http_methods(["GET", "POST"])
def classroom_health(request: HttpRequest, classroom_id: int) -> HttpResponse:
    viewer = Viewer.of(request)
    classroom: Classroom = get_or_404(classroom_policy, viewer.user, classroom_id)
    term, terms = _term(request, classroom)
    writable = not viewer.deidentified and may_record_for(
        viewer.user, school_id=classroom.school_id, classroom_id=classroom.pk
    )
    rows = _health_rows(viewer, classroom, term) if term else []
    day = _default_date(term) if term else None
    if request.method == "POST":
        if not writable or term is None:
            raise PermissionDenied
        try:
            day = dt.date.fromisoformat(request.POST.get("date", ""))
        except ValueError:
            messages.error(request, _("Enter the date of measurement."))
        else:
            try:
                health_record(
                    actor=viewer.user,
                    classroom=classroom,
                    term=term,
                    date=day,
                    measurements=_typed(request, rows),
                )
            except DomainError as error:
                for detail in error_details(error):
                    messages.error(request, detail["message"])
            else:
                messages.success(request, _("The measurements were saved."))
                url = reverse("web:classroom_health", kwargs={"classroom_id": classroom.pk})
                return redirect(f"{url}?term={term.pk}")
    saved = [row.saved for row in rows if row.saved is not None]
    context: dict[str, Any] = {
        "viewer": viewer,
        "classroom": classroom,
        "school": classroom.school,
        "term": term,
        "terms": terms,
        "rows": rows,
        "date": day,
        "writable": writable,
        "summary": summarise(saved),
    }
    return render(request, "web/wellbeing/classroom_health.html", context)


# SDQ -------------------------------------------------------------------------------------------

#: Answers as printed on the form (the standard response options, not item texts).
CHOICES = (
    (0, gettext_lazy("Not true")),
    (1, gettext_lazy("Somewhat true")),
    (2, gettext_lazy("Certainly true")),
)


@dataclass
class ItemRow:
    number: int
    scale: str
    reversed: bool
    answer: int | None


def _items(answers: dict[int, int | None]) -> list[ItemRow]:
    scale_of = {item: name for name, items in sdq.SUBSCALES.items() for item in items}
    return [
        ItemRow(n, label(SdqScale, scale_of[n]), n in sdq.REVERSED, answers.get(n))
        for n in range(1, sdq.ITEMS + 1)
    ]


def _answers(request: HttpRequest) -> list[Any]:
    answers: list[Any] = []
    for n in range(1, sdq.ITEMS + 1):
        raw = request.POST.get(f"q{n}", "")
        answers.append(int(raw) if raw.isdigit() and len(raw) == 1 else raw)
    return answers


def _sdq_writable(viewer: Viewer, student: Student) -> bool:
    enrolment = enrolment_on(student, timezone.localdate())
    return (
        not viewer.deidentified
        and enrolment is not None
        and may_record_for(
            viewer.user, school_id=enrolment.school_id, classroom_id=enrolment.classroom_id
        )
    )


@shows("student_detail")
@login_required
@require_http_methods(["GET", "POST"])
def student_sdq(request: HttpRequest, student_id: int) -> HttpResponse:
    viewer = Viewer.of(request)
    typed: dict[int, int | None] = {}
    form_kind, day = SdqForm.TEACHER.value, timezone.localdate()
    if request.method == "POST":
        try:
            student = student_policy.get(viewer.user, student_id, Action.VIEW)
        except NotFound as exc:
            raise Http404 from exc
        if not _sdq_writable(viewer, student):
            raise PermissionDenied
        answers = _answers(request)
        typed = {n: a if isinstance(a, int) else None for n, a in enumerate(answers, start=1)}
        form_kind = request.POST.get("form", "")
        try:
            day = dt.date.fromisoformat(request.POST.get("date", ""))
            sdq_record(
                actor=viewer.user, student=student, form=form_kind, date=day, answers=answers
            )
        except ValueError:
            messages.error(request, _("Enter the date of the screening."))
        except DomainError as error:
            for detail in error_details(error):
                messages.error(request, detail["message"])
        else:
            messages.success(request, _("The SDQ was saved."))
            return redirect("web:student_sdq", student_id=student.pk)
    try:
        student = student_open(user=viewer.user, student_id=student_id)
    except NotFound as exc:
        raise Http404 from exc
    history = list(sdq_for_student(viewer.user, student.pk).order_by("-date", "-pk"))
    context: dict[str, Any] = {
        "viewer": viewer,
        "student": student_row(student, deidentified=viewer.deidentified),
        "history": history,
        "latest": history[0] if history else None,
        "items": _items(typed),
        "choices": CHOICES,
        "forms": SdqForm.choices,
        "form_kind": form_kind,
        "date": day,
        "writable": _sdq_writable(viewer, student),
    }
    return render(request, "web/wellbeing/student_sdq.html", context)
