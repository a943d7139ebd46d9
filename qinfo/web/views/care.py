"""Student care pages: a child's pictures, home visits, the household screening, a class's homes.

``student_photo`` is the one door to a child's pictures: ``/students/<student_id>/photo/`` answers
the child's own photo (roll call, class lists, the child's page); ``?care=<photo id>`` one photo of
the child's home visits or household screenings. A child the user may not see is a 404, like every
page. A de-identified user (analyst) never gets a real picture, and a child without a photo gets a
neutral placeholder (an SVG silhouette), so an ``<img>`` never breaks. The permission matrix knows
it as "student_subset": it shows (a picture of) one of the children the user may see and no names.
Fetching a picture leaves no audit event: the page that shows it is what is audited, and a roll call
of 40 photos must not write 40 events.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from qinfo.care import selectors, services
from qinfo.care.models import ITEM_CHOICES, Finding, HouseholdItem
from qinfo.care.policies import may_record_for
from qinfo.core.errors import DomainError, NotFound, error_details
from qinfo.core.photos import open_photo
from qinfo.core.thai_sort import thai_sorted_by
from qinfo.enrolment.policies import student_policy
from qinfo.enrolment.selectors import current_enrolment, student_open
from qinfo.organisations.models import Staff
from qinfo.organisations.policies import classroom_policy
from qinfo.web.common import Viewer, get_or_404
from qinfo.web.present import pseudonym, student_profile
from qinfo.web.registry import shows

#: A neutral head-and-shoulders silhouette, shown when there is no picture to show.
PLACEHOLDER_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">'
    b'<rect width="64" height="64" fill="#e6e9ef"/>'
    b'<circle cx="32" cy="25" r="11" fill="#a9b1c0"/>'
    b'<path d="M12 60c0-12 9-19 20-19s20 7 20 19z" fill="#a9b1c0"/></svg>'
)
#: Browsers may keep a picture for a while, but only for this user (never in a shared cache).
CACHE_CONTROL = "private, max-age=600"


def _placeholder() -> HttpResponse:
    response = HttpResponse(PLACEHOLDER_SVG, content_type="image/svg+xml")
    response["Cache-Control"] = CACHE_CONTROL
    return response


@shows("student_subset")
@login_required
@require_GET
def student_photo(request: HttpRequest, student_id: int) -> HttpResponse | FileResponse:
    viewer = Viewer.of(request)
    student = get_or_404(student_policy, viewer.user, student_id)
    raw = request.GET.get("care", "")
    if raw:
        if not raw.isdigit() or len(raw) > 18:
            raise Http404
        name = selectors.care_photo_name(viewer.user, student_id=student.pk, photo_id=int(raw))
        if name is None:  # analysts get none: the policy answers no rows
            raise Http404
    elif viewer.deidentified or not student.photo:
        return _placeholder()
    else:
        name = student.photo.name
    try:
        handle = open_photo(name)
    except FileNotFoundError:
        if raw:
            raise Http404 from None
        return _placeholder()
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = CACHE_CONTROL
    return response


# Forms: they only read the fields; every rule is the service's ----------------------------


class _Placed(forms.Form):
    date = forms.DateField(
        label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    latitude = forms.DecimalField(label=gettext_lazy("Latitude"), required=False, decimal_places=6)
    longitude = forms.DecimalField(
        label=gettext_lazy("Longitude"), required=False, decimal_places=6
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def place(self) -> services.Place:
        return services.Place(self.cleaned_data["latitude"], self.cleaned_data["longitude"])


class VisitForm(_Placed):
    visitors = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Visitors"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    findings = forms.MultipleChoiceField(
        label=gettext_lazy("Findings"),
        choices=Finding.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    follow_up_needed = forms.BooleanField(label=gettext_lazy("Follow-up needed"), required=False)
    follow_up_note = forms.CharField(label=gettext_lazy("What follow-up"), required=False)


class ScreeningForm(_Placed):
    members = forms.IntegerField(label=gettext_lazy("Household members"), min_value=1)
    monthly_income = forms.DecimalField(
        label=gettext_lazy("Household income (baht a month)"), min_value=0, decimal_places=2
    )
    dependant_disabled_or_ill = forms.BooleanField(
        label=gettext_lazy("A member who is disabled or chronically ill"), required=False
    )
    dependant_elderly = forms.BooleanField(label=gettext_lazy("A member over 60"), required=False)
    dependant_jobless_adult = forms.BooleanField(
        label=gettext_lazy("A member aged 15-65 without work"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item, choices in ITEM_CHOICES.items():
            self.fields[item] = forms.ChoiceField(
                label=HouseholdItem(item).label, choices=choices.choices, widget=forms.RadioSelect
            )


def _refused(form: forms.Form, error: DomainError) -> None:
    for detail in error_details(error):
        name = detail["field"] if detail["field"] in form.fields else None
        form.add_error(name, detail["message"])


def _record_page(
    request: HttpRequest,
    student_id: int,
    form_class: type[_Placed],
    save: Any,
    template: str,
    extra: Any,
) -> HttpResponse:
    """GET: the child (one audited opening), the form when the user may record, the history.
    POST: the service records the form as a whole, or the form comes back with its errors."""
    viewer = Viewer.of(request)
    may_record = not viewer.deidentified and may_record_for(viewer.user, student_id)
    form = None
    if request.method == "POST":
        get_or_404(student_policy, viewer.user, student_id)
        if not may_record:
            raise PermissionDenied
        form = form_class(request.POST)
        _prepare(form, viewer.user, student_id)
        if form.is_valid():
            try:
                save(viewer.user, student_id, form, request.FILES.getlist("photos"))
            except DomainError as error:
                _refused(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(request.path)
    try:
        student = student_open(user=viewer.user, student_id=student_id)
    except NotFound as exc:
        raise Http404 from exc
    if form is None and may_record:
        form = form_class(
            initial={"date": timezone.localdate(), "visitors": _own_staff(viewer.user)}
        )
        _prepare(form, viewer.user, student_id)
    context = {
        "viewer": viewer,
        "student_id": student.pk,
        "profile": student_profile(student, deidentified=viewer.deidentified),
        "form": form,
        "may_record": may_record,
        **extra(viewer.user, student.pk),
    }
    return render(request, template, context)


def _own_staff(user: Any) -> list[int]:
    return list(Staff.objects.filter(user=user, active=True).values_list("pk", flat=True))


def _prepare(form: forms.Form, user: Any, student_id: int) -> None:
    """The visitors one may name: active staff of the school where the child is enrolled now;
    the class's homeroom teachers and the user come first (``form.first_visitors``), the others
    are folded away on the page."""
    field = form.fields.get("visitors")
    if not isinstance(field, forms.TypedMultipleChoiceField):
        return
    enrolment = current_enrolment(student_policy.rows(user).get(pk=student_id))
    staff = Staff.objects.none()
    if enrolment is not None:
        staff = Staff.objects.filter(school_id=enrolment.school_id, active=True)
    first = set(_own_staff(user))
    if enrolment is not None:
        first |= set(enrolment.classroom.homeroom_teachers.values_list("pk", flat=True))
    ordered = thai_sorted_by(staff, lambda s: (s.first_name_th, s.last_name_th))
    ordered.sort(key=lambda s: s.pk not in first)
    field.choices = [(s.pk, str(s)) for s in ordered]
    form.first_visitors = first  # type: ignore[attr-defined]


def _save_visit(user: Any, student_id: int, form: forms.Form, uploads: list[Any]) -> None:
    data = form.cleaned_data
    services.record_home_visit(
        actor=user,
        data=services.VisitInput(
            student_id=student_id,
            date=data["date"],
            visitor_ids=data["visitors"],
            findings=data["findings"],
            notes=data["notes"],
            follow_up_needed=data["follow_up_needed"],
            follow_up_note=data["follow_up_note"],
            place=form.place(),  # type: ignore[attr-defined]
            photos=uploads,
        ),
    )


def _save_screening(user: Any, student_id: int, form: forms.Form, uploads: list[Any]) -> None:
    data = form.cleaned_data
    services.record_screening(
        actor=user,
        data=services.ScreeningInput(
            student_id=student_id,
            date=data["date"],
            members=data["members"],
            monthly_income=data["monthly_income"],
            answers={item: data[item] for item in ITEM_CHOICES},
            dependant_disabled_or_ill=data["dependant_disabled_or_ill"],
            dependant_elderly=data["dependant_elderly"],
            dependant_jobless_adult=data["dependant_jobless_adult"],
            notes=data["notes"],
            place=form.place(),  # type: ignore[attr-defined]
            photos=uploads,
        ),
    )


@shows("student_detail")
@login_required
def home_visit(request: HttpRequest, student_id: int) -> HttpResponse:
    return _record_page(
        request,
        student_id,
        VisitForm,
        _save_visit,
        "web/care/home_visit.html",
        lambda user, pk: {"visits": selectors.visits_for_student(user, pk)},
    )


@shows("student_detail")
@login_required
def poverty_screening(request: HttpRequest, student_id: int) -> HttpResponse:
    return _record_page(
        request,
        student_id,
        ScreeningForm,
        _save_screening,
        "web/care/poverty.html",
        lambda user, pk: {"poverty": selectors.poverty_for_student(user, pk)},
    )


# The map of a class's homes ----------------------------------------------------------------

MAP_WIDTH = 1000


@dataclass
class Marker:
    number: int
    label: str
    x: float
    y: float
    visited: bool


def project(
    points: list[tuple[float, float]], size: int = MAP_WIDTH
) -> tuple[list[tuple[float, float]], int]:
    """(lat, lon) points to SVG (x, y) in an equirectangular projection of their bounding box.

    East-west distances shrink by the cosine of the middle latitude; the box keeps its shape,
    fits ``size`` units on its longer side and gets a margin of 5%. Answers the points and the
    height of the picture.
    """
    lats = [lat for lat, _ in points]
    lons = [lon for _, lon in points]
    squeeze = math.cos(math.radians((min(lats) + max(lats)) / 2))
    width = max((max(lons) - min(lons)) * squeeze, 1e-4)
    height = max(max(lats) - min(lats), 1e-4)
    scale = size * 0.9 / max(width, height)
    margin = size * 0.05
    out = [
        (margin + (lon - min(lons)) * squeeze * scale, margin + (max(lats) - lat) * scale)
        for lat, lon in points
    ]
    return out, math.ceil(height * scale + 2 * margin)


def _triangle(x: float, y: float) -> str:
    """The school's marker: a triangle (a shape no home has) centred on the school."""
    return f"M {x - 16:.1f} {y + 12:.1f} L {x:.1f} {y - 18:.1f} L {x + 16:.1f} {y + 12:.1f} Z"


@shows("classroom")
@login_required
def class_homes(request: HttpRequest, classroom_id: int) -> HttpResponse:
    viewer = Viewer.of(request)
    classroom = get_or_404(classroom_policy, viewer.user, classroom_id)
    school = classroom.school
    homes = selectors.class_homes(viewer.user, classroom)
    if viewer.deidentified:
        homes.sort(key=lambda h: h.student_id)
    else:
        homes = thai_sorted_by(homes, lambda h: (h.first_name_th, h.last_name_th))
    rows: list[dict[str, Any]] = [
        {
            "number": n,
            "student_id": h.student_id,
            "name": pseudonym(h.student_id)
            if viewer.deidentified
            else f"{h.first_name_th} {h.last_name_th}",
            "last_visit": h.last_visit,
            "placed": h.latitude is not None,
        }
        for n, h in enumerate(homes, start=1)
    ]
    markers: list[Marker] = []
    school_xy = None
    height = 0
    placed = [(r, h) for r, h in zip(rows, homes, strict=True) if h.latitude is not None]
    if placed and not viewer.deidentified:  # a home's position locates a person
        points = [(float(h.latitude), float(h.longitude)) for _, h in placed]  # type: ignore[arg-type]
        has_school = school.latitude is not None and school.longitude is not None
        if has_school:
            points.append((float(school.latitude), float(school.longitude)))
        xy, height = project(points)
        if has_school:
            school_xy = xy.pop()
        markers = [
            Marker(r["number"], r["name"], x, y, r["last_visit"] is not None)
            for (r, _), (x, y) in zip(placed, xy, strict=True)
        ]
    visited = sum(1 for r in rows if r["last_visit"])
    context = {
        "viewer": viewer,
        "classroom": classroom,
        "school": school,
        "year": classroom.academic_year.year_be,
        "rows": rows,
        "markers": markers,
        "school_xy": school_xy,
        "school_path": _triangle(*school_xy) if school_xy else "",
        "width": MAP_WIDTH,
        "height": height,
        "visited": visited,
        "not_visited": len(rows) - visited,
    }
    return render(request, "web/care/class_homes.html", context)
