"""Roll call: "my classes today", and one class's roll call on a phone (docs/definitions.md §7).

The roll-call page lists every student enrolled on the date, present by default (or as saved),
and one save posts the whole class to ``attendance_record``. Someone who may see the class but
not record it (a teacher of another class, an officer) gets the page with a message and no names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qinfo.attendance.calendar import enrolled_on, is_school_day
from qinfo.attendance.models import DAILY, MAX_PERIOD, AttendanceStatus
from qinfo.attendance.policies import attendance_policy
from qinfo.attendance.selectors import (
    absence_streaks,
    marks_on,
    period_roll_calls_taken,
    roll_calls_taken,
    term_rates,
)
from qinfo.attendance.services import MarkInput, attendance_record, edit_window_open
from qinfo.core.errors import error_details
from qinfo.core.thai_sort import thai_sorted_by
from qinfo.enrolment.models import Enrolment
from qinfo.enrolment.policies import student_policy
from qinfo.organisations.models import Classroom, Course
from qinfo.organisations.policies import classroom_policy
from qinfo.organisations.scope import scope_for
from qinfo.people.models import Student
from qinfo.web.common import Viewer, get_or_404
from qinfo.web.registry import shows

#: The order one tap cycles through: มา → สาย → ลาป่วย → ลากิจ → ขาด → กิจกรรม.
CYCLE = [
    AttendanceStatus.PRESENT,
    AttendanceStatus.LATE,
    AttendanceStatus.SICK,
    AttendanceStatus.LEAVE,
    AttendanceStatus.ABSENT,
    AttendanceStatus.ACTIVITY,
]


@dataclass
class Line:
    """One student on the roll-call form."""

    student: Student
    photo_url: str | None
    initial: str
    status: str
    minutes_late: int | None
    reason: str
    streak: int
    rate: float | None


def _photo_url(student: Student) -> str | None:
    if not student.photo:
        return None
    try:  # the photo page belongs to the child's-page work; until it exists, show initials
        return reverse("web:student_photo", args=[student.pk])
    except NoReverseMatch:
        return None


def _running_classrooms(user: Any, day: dt.date) -> list[Classroom]:
    """The classes the user takes roll call for, in academic years running on ``day``."""
    scope = scope_for(user)
    mine = Q(pk__in=scope.classroom_ids) | Q(school_id__in=scope.writable_school_ids)
    return list(
        classroom_policy.rows(user)
        .filter(mine, academic_year__start_date__lte=day, academic_year__end_date__gte=day)
        .select_related("school", "academic_year")
        .order_by("school__name_th", "grade_level", "room")
    )


def _enrolled_counts(classroom_ids: list[int], day: dt.date) -> dict[int, int]:
    rows = (
        Enrolment.objects.filter(classroom_id__in=classroom_ids, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .values("classroom_id")
        .annotate(n=Count("id"))
    )
    return {row["classroom_id"]: row["n"] for row in rows}


@shows("none")
@login_required
def my_classes(request: HttpRequest) -> HttpResponse:
    """The classes the user takes roll call for today, and whether each is taken."""
    viewer = Viewer.of(request)
    today = timezone.localdate()
    classrooms = [] if viewer.deidentified else _running_classrooms(viewer.user, today)
    ids = [c.pk for c in classrooms]
    taken = roll_calls_taken(ids, today)
    enrolled = _enrolled_counts(ids, today)
    school_day: dict[int, bool] = {}
    for c in classrooms:
        if c.academic_year_id not in school_day:
            school_day[c.academic_year_id] = is_school_day(c, today)
    rows = [
        {
            "classroom": c,
            "taken": taken.get(c.pk),
            "enrolled": enrolled.get(c.pk, 0),
            "school_day": school_day[c.academic_year_id],
        }
        for c in classrooms
    ]
    courses = (
        []
        if viewer.deidentified
        else list(
            Course.objects.filter(
                teacher__user=viewer.user,
                classroom__school__period_attendance=True,
                term__start_date__lte=today,
                term__end_date__gte=today,
            )
            .select_related("classroom", "subject")
            .order_by("classroom__grade_level", "classroom__room", "subject__code")
        )
    )
    periods = period_roll_calls_taken([c.pk for c in courses], today)
    context = {
        "viewer": viewer,
        "today": today,
        "rows": rows,
        "courses": [{"course": c, "periods": periods.get(c.pk, [])} for c in courses],
        "any_school_day": any(school_day.values()),
        "waiting": sum(1 for r in rows if r["taken"] is None and r["school_day"]),
    }
    return render(request, "web/rollcall/my_classes.html", context)


def _day(raw: str | None, errors: list[str]) -> dt.date:
    today = timezone.localdate()
    if not raw:
        return today
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        errors.append(_("The date is not a valid date (YYYY-MM-DD); today is shown."))
        return today


def _whole(raw: str | None, default: int | None) -> int | None:
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() and len(raw) <= 6 else default


def _course_and_period(
    data: Any, classroom: Classroom, errors: list[str]
) -> tuple[Course | None, int]:
    course_id = _whole(data.get("course"), None)
    if course_id is None:
        return None, DAILY
    course = (
        Course.objects.filter(pk=course_id, classroom=classroom)
        .select_related("term", "subject")
        .first()
    )
    if course is None:
        raise Http404
    period = _whole(data.get("period"), 1)
    if period is None or not 1 <= period <= MAX_PERIOD:
        errors.append(_("The period must be between 1 and 12."))
        period = 1
    return course, period


def _lines(
    classroom: Classroom,
    students: list[Student],
    day: dt.date,
    period: int,
    posted: dict[int, MarkInput] | None,
) -> tuple[list[Line], bool]:
    """The form's lines, and whether a roll call was already saved for the date and period."""
    ids = [s.pk for s in students]
    saved = marks_on(ids, day, period)
    streaks = absence_streaks(classroom, day, ids)
    rates = term_rates(classroom, day, ids)
    lines = []
    for s in students:
        mark: Any = (posted or {}).get(s.pk) or saved.get(s.pk)
        lines.append(
            Line(
                student=s,
                photo_url=_photo_url(s),
                initial=(s.first_name_th or "?")[:1],
                status=mark.status if mark else AttendanceStatus.PRESENT,
                minutes_late=mark.minutes_late if mark else None,
                reason=mark.reason if mark else "",
                streak=streaks.get(s.pk, 0),
                rate=rates.get(s.pk),
            )
        )
    return lines, bool(saved)


def _posted_marks(request: HttpRequest, errors: list[str]) -> list[MarkInput]:
    """The form's marks, in the order posted. Minutes late count only with the status late."""
    marks = []
    for raw in request.POST.getlist("student"):
        sid = _whole(raw, None)
        if sid is None:
            errors.append(_("The form names a student that does not exist."))
            continue
        status = request.POST.get(f"status-{sid}", "")
        raw_minutes = request.POST.get(f"minutes-{sid}", "").strip()
        minutes = None
        if status == AttendanceStatus.LATE and raw_minutes:
            minutes = _whole(raw_minutes, None)
            if minutes is None:
                errors.append(_("Minutes late must be a whole number."))
        reason = request.POST.get(f"reason-{sid}", "").strip()
        marks.append(MarkInput(student_id=sid, status=status, minutes_late=minutes, reason=reason))
    return marks


def _here(classroom: Classroom, day: dt.date, course: Course | None, period: int) -> str:
    query: dict[str, Any] = {"date": day.isoformat()}
    if course is not None:
        query.update(course=course.pk, period=period)
    return f"{reverse('web:roll_call', args=[classroom.pk])}?{urlencode(query)}"


@shows("classroom")
@login_required
def roll_call(request: HttpRequest, classroom_id: int) -> HttpResponse:
    viewer = Viewer.of(request)
    classroom: Classroom = get_or_404(classroom_policy, viewer.user, classroom_id)
    data = request.POST if request.method == "POST" else request.GET
    errors: list[str] = []
    day = _day(data.get("date"), errors)
    course, period = _course_and_period(data, classroom, errors)
    may_record = not viewer.deidentified and attendance_policy.may_record_for(
        viewer.user, school_id=classroom.school_id, classroom_id=classroom.pk
    )
    posted: dict[int, MarkInput] | None = None
    if request.method == "POST" and not errors:
        marks = _posted_marks(request, errors)
        posted = {m.student_id: m for m in marks}
        if not errors:
            try:
                saved = attendance_record(
                    actor=viewer.user,
                    classroom=classroom,
                    date=day,
                    marks=marks,
                    period=period,
                    course=course,
                )
            except ValidationError as exc:
                errors += [e["message"] for e in error_details(exc)]
            else:
                messages.success(
                    request,
                    _("Roll call saved: %(n)s students.") % {"n": saved.marks},
                )
                return redirect(_here(classroom, day, course, period))
    students: list[Student] = []
    if may_record:
        visible = student_policy.rows(viewer.user).filter(pk__in=enrolled_on(classroom, day))
        students = thai_sorted_by(visible, lambda s: (s.first_name_th, s.last_name_th))
    lines, saved_already = (
        _lines(classroom, students, day, period, posted) if students else ([], False)
    )
    context = {
        "viewer": viewer,
        "classroom": classroom,
        "school": classroom.school,
        "day": day,
        "today": timezone.localdate(),
        "course": course,
        "period": period,
        "periods": range(1, MAX_PERIOD + 1),
        "may_record": may_record,
        "lines": lines,
        "errors": errors,
        "cycle": [(s.value, s.label, sum(1 for ln in lines if ln.status == s)) for s in CYCLE],
        "school_day": is_school_day(classroom, day),
        "future": day > timezone.localdate(),
        "window_open": edit_window_open(day),
        "saved_already": saved_already,
    }
    return render(request, "web/rollcall/roll_call.html", context)
