"""Recording attendance: a whole class's marks for one day (or period) in one transaction.

The whole batch is refused, and nothing written, when any mark breaks a rule: the date must be a
school day inside a term of the classroom's year and not in the future, and every student must be
enrolled in the classroom on that date. A changed mark keeps its previous value in the audit trail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qinfo.attendance.models import DAILY, MAX_PERIOD, AttendanceMark, AttendanceStatus
from qinfo.attendance.policies import attendance_policy
from qinfo.audit.models import AuditAction
from qinfo.audit.services import audit_record
from qinfo.core.services import refuse, require
from qinfo.enrolment.models import Enrolment
from qinfo.organisations.models import Classroom, Course, Term


@dataclass(frozen=True)
class MarkInput:
    student_id: int
    status: str
    minutes_late: int | None = None
    reason: str = ""


def term_on(classroom: Classroom, day: dt.date) -> Term | None:
    return Term.objects.filter(
        academic_year_id=classroom.academic_year_id, start_date__lte=day, end_date__gte=day
    ).first()


def is_school_day(classroom: Classroom, day: dt.date) -> bool:
    """A weekday inside a term of the classroom's year that is not a recorded non-school day."""
    if day.weekday() >= 5 or term_on(classroom, day) is None:
        return False
    return not classroom.academic_year.non_school_days.filter(date=day).exists()


def enrolled_on(classroom: Classroom, day: dt.date) -> set[int]:
    """Students enrolled in the classroom on a date, whatever their status today."""
    return set(
        Enrolment.objects.filter(classroom=classroom, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .values_list("student_id", flat=True)
    )


def _check_day(classroom: Classroom, day: dt.date) -> None:
    if day > timezone.localdate():
        raise refuse(_("Attendance cannot be recorded for a future date."), "date_future", "date")
    if term_on(classroom, day) is None:
        raise refuse(
            _("The date is outside the terms of this classroom's academic year."),
            "date_outside_term",
            "date",
        )
    if not is_school_day(classroom, day):
        raise refuse(_("The date is not a school day."), "not_school_day", "date")


def _check_mark(mark: MarkInput, enrolled: set[int]) -> None:
    if mark.student_id not in enrolled:
        raise refuse(
            _("A mark names a student who is not enrolled in this class on that date."),
            "student_not_enrolled",
            "marks",
        )
    if mark.status not in AttendanceStatus.values:
        raise refuse(_("Unknown attendance status."), "status_invalid", "marks")
    if mark.minutes_late is not None and (
        mark.status != AttendanceStatus.LATE or not 0 <= mark.minutes_late <= 600
    ):
        raise refuse(
            _("Minutes late go only with the status late, from 0 to 600."), "minutes_late", "marks"
        )


def attendance_record(
    *,
    actor: Any,
    classroom: Classroom,
    date: dt.date,
    marks: Sequence[MarkInput],
    period: int = DAILY,
    course: Course | None = None,
) -> list[AttendanceMark]:
    require(
        attendance_policy.may_record_for(
            actor, school_id=classroom.school_id, classroom_id=classroom.pk
        )
    )
    if not DAILY <= period <= MAX_PERIOD:
        raise refuse(_("The period must be between 0 (whole day) and 12."), "period", "period")
    if course is not None and course.classroom_id != classroom.pk:
        raise refuse(_("The course is not taught in this classroom."), "course_classroom", "course")
    _check_day(classroom, date)
    enrolled = enrolled_on(classroom, date)
    seen: set[int] = set()
    for mark in marks:
        _check_mark(mark, enrolled)
        if mark.student_id in seen:
            raise refuse(
                _("A student appears twice in one roll call."), "duplicate_student", "marks"
            )
        seen.add(mark.student_id)

    with transaction.atomic():
        existing = {
            m.student_id: m
            for m in AttendanceMark.objects.select_for_update().filter(
                student_id__in=seen, date=date, period=period
            )
        }
        saved, changed = [], {}
        for mark in marks:
            row = existing.get(mark.student_id)
            if row is None:
                row = AttendanceMark(student_id=mark.student_id, date=date, period=period)
            elif (row.status, row.minutes_late, row.reason) != (
                mark.status,
                mark.minutes_late,
                mark.reason,
            ):
                changed[str(mark.student_id)] = [row.status, mark.status]
            row.school_id, row.classroom, row.course = classroom.school_id, classroom, course
            row.status, row.minutes_late, row.reason = mark.status, mark.minutes_late, mark.reason
            row.recorded_by = actor
            saved.append(row)
        new_rows = [r for r in saved if r.pk is None]
        AttendanceMark.objects.bulk_create(new_rows)
        AttendanceMark.objects.bulk_update(
            [r for r in saved if r.pk is not None],
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
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE if changed else AuditAction.CREATE,
            target=classroom,
            school_id=classroom.school_id,
            changes={
                "date": date.isoformat(),
                "period": period,
                "marks": len(saved),
                "new": len(new_rows),
                "changed": changed,
            },
        )
    return saved
