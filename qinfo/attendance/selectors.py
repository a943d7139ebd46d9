"""Reads of attendance marks, scoped by the acting user's policy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, QuerySet

from qinfo.attendance.calendar import school_days_before, term_of
from qinfo.attendance.models import ATTENDED, DAILY, AttendanceMark, attendance_rate
from qinfo.attendance.policies import attendance_policy
from qinfo.core.queries import where_given
from qinfo.organisations.models import Classroom, Course


def attendance_list(
    *,
    user: Any,
    student_id: int | None = None,
    classroom_id: int | None = None,
    school_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    status: str | None = None,
) -> QuerySet[AttendanceMark]:
    rows = where_given(
        attendance_policy.rows(user),
        student_id=student_id,
        classroom_id=classroom_id,
        school_id=school_id,
        date__gte=date_from,
        date__lte=date_to,
        status=status,
    )
    return rows.order_by("date", "student_id", "period")


def attendance_counts_by_year(*, user: Any, student_id: int) -> dict[int, dict[str, int]]:
    """Daily marks of one child per academic year (BE) and status code, as far as the user
    may see them."""
    rows = (
        attendance_policy.rows(user)
        .filter(student_id=student_id, period=DAILY)
        .values("classroom__academic_year__year_be", "status")
        .annotate(n=Count("id"))
    )
    years: dict[int, dict[str, int]] = {}
    for row in rows:
        years.setdefault(row["classroom__academic_year__year_be"], {})[row["status"]] = row["n"]
    return years


def _rates_by_student(
    rows: QuerySet[AttendanceMark], keys: Iterable[int] | None
) -> dict[int, float | None]:
    counts: dict[int, dict[str, int]] = {}
    for row in rows.values("student_id", "status").annotate(n=Count("id")):
        counts.setdefault(row["student_id"], {})[row["status"]] = row["n"]
    wanted = counts.keys() if keys is None else keys
    return {sid: attendance_rate(counts.get(sid, {})) for sid in wanted}


def course_attendance_rates(
    course: Course, student_ids: Iterable[int] | None = None
) -> dict[int, float | None]:
    """Each student's attendance percentage in a course (docs/definitions.md §7).

    From the course's period marks where the course has any, else from the daily marks of the
    course's classroom within the course's term; None for a student with no marks. With
    ``student_ids`` the answer has exactly those keys, else one per student with marks.
    Two queries (one existence check, one aggregate; a third loads the term unless it was
    selected with the course), whatever the number of students.
    """
    wanted = None if student_ids is None else list(dict.fromkeys(student_ids))
    if AttendanceMark.objects.filter(course=course).exists():
        marks = AttendanceMark.objects.filter(course=course)
    else:
        term = course.term
        marks = AttendanceMark.objects.filter(
            classroom_id=course.classroom_id,
            period=DAILY,
            date__gte=term.start_date,
            date__lte=term.end_date,
        )
    if wanted is not None:
        marks = marks.filter(student_id__in=wanted)
    return _rates_by_student(marks, wanted)


def term_rates(
    classroom: Classroom, day: dt.date, student_ids: Iterable[int]
) -> dict[int, float | None]:
    """Attendance this term (docs/definitions.md §7): each student's rate over the daily marks
    from the first day of the term of ``day`` (or the last term begun, between terms) to the
    day before ``day``. One query for the term, one aggregate."""
    wanted = list(dict.fromkeys(student_ids))
    term = term_of(classroom, day)
    if term is None:
        return dict.fromkeys(wanted)
    marks = AttendanceMark.objects.filter(
        student_id__in=wanted, period=DAILY, date__gte=term.start_date, date__lt=day
    )
    return _rates_by_student(marks, wanted)


def absence_streaks(
    classroom: Classroom, day: dt.date, student_ids: Iterable[int]
) -> dict[int, int]:
    """Days absent in a row (docs/definitions.md §7): for each student, the number of
    consecutive school days of the classroom's year, ending at the last school day before
    ``day``, whose daily mark is not an attending status. A school day without a daily mark
    ends the run.

    The marks are read backwards in growing windows of school days, only for the students whose
    run reaches the window's start: usually one query, whatever the class size."""
    days = school_days_before(classroom, day)
    streaks = dict.fromkeys(student_ids, 0)
    pending = set(streaks)
    start, size = 0, 10
    while pending and start < len(days):
        window = days[start : start + size]
        statuses = {
            (sid, on): status
            for sid, on, status in AttendanceMark.objects.filter(
                student_id__in=pending, period=DAILY, date__gte=window[-1], date__lte=window[0]
            ).values_list("student_id", "date", "status")
        }
        for sid in list(pending):
            for on in window:
                status = statuses.get((sid, on))
                if status is None or status in ATTENDED:
                    pending.discard(sid)
                    break
                streaks[sid] += 1
        start, size = start + size, size * 4
    return streaks


def roll_calls_taken(classroom_ids: Iterable[int], day: dt.date) -> dict[int, int]:
    """Daily marks saved on a date per classroom (absent: no roll call yet). One query."""
    rows = (
        AttendanceMark.objects.filter(classroom_id__in=list(classroom_ids), date=day, period=DAILY)
        .values("classroom_id")
        .annotate(n=Count("id"))
    )
    return {row["classroom_id"]: row["n"] for row in rows}


def period_roll_calls_taken(course_ids: Iterable[int], day: dt.date) -> dict[int, list[int]]:
    """The periods already taken on a date per course. One query."""
    taken: dict[int, list[int]] = {}
    rows = (
        AttendanceMark.objects.filter(course_id__in=list(course_ids), date=day)
        .values_list("course_id", "period")
        .distinct()
        .order_by("course_id", "period")
    )
    for course_id, period in rows:
        taken.setdefault(course_id, []).append(period)
    return taken


def marks_on(
    student_ids: Iterable[int], day: dt.date, period: int = DAILY
) -> dict[int, AttendanceMark]:
    """The saved marks of these students for one date and period."""
    rows = AttendanceMark.objects.filter(
        student_id__in=list(student_ids), date=day, period=period
    ).only("student_id", "status", "minutes_late", "reason")
    return {m.student_id: m for m in rows}
