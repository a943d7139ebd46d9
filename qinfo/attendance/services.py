"""Recording attendance: a whole class's marks for one day (or period) in one transaction.

The whole batch is refused, and nothing written, when any mark breaks a rule (docs/definitions.md
§2 and §7): the date must be a school day inside a term of the classroom's year and not in the
future; every student must be enrolled in the classroom on that date, and appear once; after the
edit window only a registrar may write; a period mark names a course of the classroom, in a school
that takes period attendance. A changed mark keeps its previous value in the audit trail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qinfo.attendance.calendar import enrolled_on, is_school_day, term_on
from qinfo.attendance.models import DAILY, MAX_PERIOD, AttendanceMark, AttendanceStatus
from qinfo.attendance.policies import attendance_policy
from qinfo.audit.models import AuditAction
from qinfo.audit.services import audit_record
from qinfo.core.services import refuse, require
from qinfo.enrolment.models import Enrolment
from qinfo.organisations.models import Classroom, Course, NonSchoolDay, Term

__all__ = [
    "MarkInput",
    "RollCall",
    "Saved",
    "attendance_record",
    "attendance_record_many",
    "edit_window_open",
    "enrolled_on",
    "is_school_day",
    "term_on",
]

REASON_MAX = AttendanceMark._meta.get_field("reason").max_length or 200
MINUTES_LATE_MAX = 600
STATUSES = frozenset(AttendanceStatus.values)
#: Students per query when reading existing marks (well under every engine's parameter limit).
CHUNK = 2000


@dataclass(frozen=True)
class MarkInput:
    student_id: int
    status: str
    minutes_late: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class RollCall:
    """One class's marks for the date: the whole day (period 0), or one period of a course."""

    classroom: Classroom
    marks: Sequence[MarkInput]
    period: int = DAILY
    course: Course | None = None


def edit_window_open(day: dt.date, today: dt.date | None = None) -> bool:
    """Whether marks for ``day`` may still be written by the class's teachers: until
    QINFO_ATTENDANCE_EDIT_DAYS days after it, inclusive."""
    today = today or timezone.localdate()
    return (today - day).days <= settings.QINFO_ATTENDANCE_EDIT_DAYS


def _check_day(actor: Any, classrooms: list[Classroom], day: dt.date) -> None:
    """The date is not in the future, and for every classroom lies in a term of its year, is a
    school day, and is inside the edit window or written by a registrar. A few queries for the
    whole batch, whatever its size."""
    if day > timezone.localdate():
        raise refuse(_("Attendance cannot be recorded for a future date."), "date_future", "date")
    year_ids = {c.academic_year_id for c in classrooms}
    in_term = set(
        Term.objects.filter(
            academic_year_id__in=year_ids, start_date__lte=day, end_date__gte=day
        ).values_list("academic_year_id", flat=True)
    )
    if year_ids - in_term:
        raise refuse(
            _("The date is outside the terms of this classroom's academic year."),
            "date_outside_term",
            "date",
        )
    closed = NonSchoolDay.objects.filter(academic_year_id__in=year_ids, date=day).exists()
    if day.weekday() >= 5 or closed:
        raise refuse(_("The date is not a school day."), "not_school_day", "date")
    if edit_window_open(day):
        return
    for school_id in {c.school_id for c in classrooms}:
        if not attendance_policy.may_write_after_window(actor, school_id=school_id):
            raise refuse(
                _(
                    "The time to record or change marks for this date has passed; "
                    "ask the school's registrar."
                ),
                "edit_window_closed",
                "date",
            )


def _check_period(classroom: Classroom, day: dt.date, period: int, course: Course | None) -> None:
    if not DAILY <= period <= MAX_PERIOD:
        raise refuse(_("The period must be between 0 (whole day) and 12."), "period", "period")
    if period == DAILY:
        if course is not None:
            raise refuse(
                _("A whole-day roll call names no course; choose a period."), "course", "period"
            )
        return
    if course is None:
        raise refuse(_("A period roll call needs its course."), "course_required", "course")
    if course.classroom_id != classroom.pk:
        raise refuse(_("The course is not taught in this classroom."), "course_classroom", "course")
    if not classroom.school.period_attendance:
        raise refuse(
            _("This school does not take attendance by period."), "no_period_attendance", "period"
        )
    if not course.term.start_date <= day <= course.term.end_date:
        raise refuse(
            _("The date is outside the course's term."), "date_outside_course_term", "date"
        )


def _check_mark(mark: MarkInput, enrolled: set[int]) -> None:
    if mark.student_id not in enrolled:
        raise refuse(
            _("A mark names a student who is not enrolled in this class on that date."),
            "student_not_enrolled",
            "marks",
        )
    if mark.status not in STATUSES:
        raise refuse(_("Unknown attendance status."), "status_invalid", "marks")
    if mark.minutes_late is not None and (
        mark.status != AttendanceStatus.LATE or not 0 <= mark.minutes_late <= MINUTES_LATE_MAX
    ):
        raise refuse(
            _("Minutes late go only with the status late, from 0 to 600."), "minutes_late", "marks"
        )
    if len(mark.reason) > REASON_MAX:
        raise refuse(_("A reason is at most 200 characters."), "reason_too_long", "marks")


def _enrolled_by_classroom(classrooms: list[Classroom], day: dt.date) -> dict[int, set[int]]:
    enrolled: dict[int, set[int]] = {c.pk: set() for c in classrooms}
    rows = (
        Enrolment.objects.filter(classroom_id__in=list(enrolled), start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .values_list("classroom_id", "student_id")
    )
    for classroom_id, student_id in rows:
        enrolled[classroom_id].add(student_id)
    return enrolled


def _check_marks(roll_calls: Sequence[RollCall], day: dt.date) -> None:
    """Every mark names a student enrolled in its class that day, once per period."""
    enrolled = _enrolled_by_classroom([rc.classroom for rc in roll_calls], day)
    seen: set[tuple[int, int]] = set()
    for roll_call in roll_calls:
        if not roll_call.marks:
            raise refuse(_("A roll call needs at least one mark."), "no_marks", "marks")
        for mark in roll_call.marks:
            _check_mark(mark, enrolled[roll_call.classroom.pk])
            key = (mark.student_id, roll_call.period)
            if key in seen:
                raise refuse(
                    _("A student appears twice in one roll call."), "duplicate_student", "marks"
                )
            seen.add(key)


def _value(mark: AttendanceMark | MarkInput) -> dict[str, Any]:
    return {"status": mark.status, "minutes_late": mark.minutes_late, "reason": mark.reason}


def _existing(
    roll_calls: Sequence[RollCall], day: dt.date
) -> dict[tuple[int, int], AttendanceMark]:
    """The marks already saved for the batch's students, date and periods, locked."""
    ids = sorted({m.student_id for rc in roll_calls for m in rc.marks})
    periods = {rc.period for rc in roll_calls}
    existing: dict[tuple[int, int], AttendanceMark] = {}
    for start in range(0, len(ids), CHUNK):
        rows = AttendanceMark.objects.select_for_update().filter(
            student_id__in=ids[start : start + CHUNK], date=day, period__in=periods
        )
        existing.update({(m.student_id, m.period): m for m in rows})
    return existing


@dataclass(frozen=True)
class Saved:
    """What a save did: marks in the roll calls, of which new and changed (the rest unchanged)."""

    marks: int
    new: int
    changed: int


#: The columns a new mark is inserted with, in order.
INSERTED = (
    "student",
    "date",
    "period",
    "school",
    "classroom",
    "course",
    "status",
    "minutes_late",
    "reason",
    "recorded_by",
    "recorded_at",
)


def _field(name: str) -> models.Field[Any, Any]:
    return cast("models.Field[Any, Any]", AttendanceMark._meta.get_field(name))


def _column_value(name: str, value: Any) -> Any:
    """A value as the database stores it in a column of the marks (adapted once per batch)."""
    return _field(name).get_db_prep_save(value, connection)


def _insert(rows: list[tuple[Any, ...]]) -> None:
    """Inserts new marks, given as value tuples in INSERTED order, many rows per statement.

    ``bulk_create`` builds SQL for every value of every row, which made a city's day (10,000
    marks) take seconds; these rows are already validated and share their date and time (adapted
    once by the caller). Plain multi-row ``INSERT … VALUES (…), (…)`` with %s placeholders, as many
    rows per statement as the engine's parameter limit allows (Django's ``bulk_batch_size``), on
    SQLite and PostgreSQL alike; the database still checks every constraint
    (docs/decisions/0006-attendance-insert.md)."""
    if not rows:
        return
    fields = [_field(name) for name in INSERTED]
    quote = connection.ops.quote_name
    head = (
        f"INSERT INTO {quote(AttendanceMark._meta.db_table)} "
        f"({', '.join(quote(f.get_attname_column()[1]) for f in fields)}) VALUES "
    )
    one = f"({', '.join(['%s'] * len(fields))})"
    size = max(1, min(CHUNK, connection.ops.bulk_batch_size(fields, rows)))
    try:
        with connection.cursor() as cursor:
            for start in range(0, len(rows), size):
                chunk = rows[start : start + size]
                params = [value for row in chunk for value in row]
                cursor.execute(head + ", ".join([one] * len(chunk)), params)
    except IntegrityError as exc:  # a mark saved meanwhile by someone else: nothing is kept
        raise refuse(
            _("Someone saved marks for these students at the same time; please save again."),
            "integrity",
        ) from exc


def _write(actor: Any, roll_calls: Sequence[RollCall], day: dt.date) -> Saved:
    existing = _existing(roll_calls, day)
    now = timezone.now()
    on, at = _column_value("date", day), _column_value("recorded_at", now)
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    new_rows: list[tuple[Any, ...]] = []
    changed_rows: list[AttendanceMark] = []
    events: list[tuple[RollCall, dict[str, Any]]] = []
    for rc in roll_calls:
        course_id = rc.course.pk if rc.course is not None else None
        school_id, classroom_id = rc.classroom.school_id, rc.classroom.pk
        changed: dict[str, list[str]] = {}
        previous: dict[str, dict[str, Any]] = {}
        new = 0
        for mark in rc.marks:
            row = existing.get((mark.student_id, rc.period))
            if row is None:
                new_rows.append(
                    (mark.student_id, on, rc.period, school_id, classroom_id, course_id,
                     mark.status, mark.minutes_late, mark.reason, actor_id, at)
                )  # fmt: skip
                new += 1
                continue
            if _value(row) == _value(mark) and row.course_id == course_id:
                continue  # unchanged: the row keeps who recorded it and when
            changed[str(mark.student_id)] = [row.status, mark.status]
            previous[str(mark.student_id)] = _value(row)
            row.school_id, row.classroom_id, row.course_id = school_id, classroom_id, course_id
            row.status, row.minutes_late, row.reason = mark.status, mark.minutes_late, mark.reason
            row.recorded_by_id, row.recorded_at = actor_id, now
            changed_rows.append(row)
        events.append(
            (
                rc,
                {
                    "date": day.isoformat(),
                    "period": rc.period,
                    "course": course_id,
                    "marks": len(rc.marks),
                    "new": new,
                    "changed": changed,
                    "previous": previous,
                },
            )
        )
    _insert(new_rows)
    AttendanceMark.objects.bulk_update(
        changed_rows,
        [
            "school",
            "classroom",
            "course",
            "status",
            "minutes_late",
            "reason",
            "recorded_by",
            "recorded_at",
        ],
        batch_size=500,
    )
    for rc, changes in events:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE if changes["changed"] else AuditAction.CREATE,
            target=rc.classroom,
            school_id=rc.classroom.school_id,
            changes=changes,
        )
    return Saved(
        marks=sum(len(rc.marks) for rc in roll_calls),
        new=len(new_rows),
        changed=len(changed_rows),
    )


def attendance_record_many(*, actor: Any, date: dt.date, roll_calls: Sequence[RollCall]) -> Saved:
    """Saves many classes' roll calls for one date (a school's or a city's day) as a whole:
    every roll call is checked first and any broken rule refuses them all; then one transaction,
    with one audit event per roll call. The checks take a few queries for the whole batch."""
    for rc in roll_calls:
        require(
            attendance_policy.may_record_for(
                actor, school_id=rc.classroom.school_id, classroom_id=rc.classroom.pk
            )
        )
        _check_period(rc.classroom, date, rc.period, rc.course)
    if not roll_calls:
        return Saved(0, 0, 0)
    _check_day(actor, [rc.classroom for rc in roll_calls], date)
    _check_marks(roll_calls, date)
    with transaction.atomic():
        return _write(actor, roll_calls, date)


def attendance_record(
    *,
    actor: Any,
    classroom: Classroom,
    date: dt.date,
    marks: Sequence[MarkInput],
    period: int = DAILY,
    course: Course | None = None,
) -> Saved:
    """Saves one roll call (all marks of a class for a date and period) as a whole.

    The audit event names the date, period and course, counts the marks, and for each changed
    mark keeps the status change (``changed``: {student: [old, new]}) and the whole previous
    value (``previous``: {student: {status, minutes_late, reason}})."""
    return attendance_record_many(
        actor=actor,
        date=date,
        roll_calls=[RollCall(classroom=classroom, marks=marks, period=period, course=course)],
    )
