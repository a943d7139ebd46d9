"""Attendance marks and course results: they follow the child (attendance and result policies)."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import LimitOffsetPagination, paginate

from qinfo.api.auth import actor
from qinfo.api.listing import Shaped, rows_of
from qinfo.api.schemas import (
    AttendanceDeidentifiedOut,
    AttendanceItem,
    AttendanceOut,
    ResultOut,
)
from qinfo.assessment.policies import course_result_policy
from qinfo.attendance.models import AttendanceStatus
from qinfo.attendance.policies import attendance_policy
from qinfo.enrolment.policies import student_policy

router = Router(tags=["records"])


@router.get(
    "/attendance",
    response=list[AttendanceItem],
    openapi_extra=rows_of("student", key="student_id"),
)
@paginate(LimitOffsetPagination)
def attendance(
    request: HttpRequest,
    student: int | None = None,
    classroom: int | None = None,
    school: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    status: AttendanceStatus | None = None,
) -> Any:
    user = actor(request)
    rows = attendance_policy.rows(user)
    if student is not None:
        rows = rows.filter(student_id=student)
    if classroom is not None:
        rows = rows.filter(classroom_id=classroom)
    if school is not None:
        rows = rows.filter(school_id=school)
    if date_from is not None:
        rows = rows.filter(date__gte=date_from)
    if date_to is not None:
        rows = rows.filter(date__lte=date_to)
    if status is not None:
        rows = rows.filter(status=status.value)
    rows = rows.order_by("date", "student_id", "period")
    # The reason is free text written about a child: analysts do not get it.
    schema = AttendanceDeidentifiedOut if student_policy.deidentified(user) else AttendanceOut
    return Shaped(rows, schema)


@router.get(
    "/results", response=list[ResultOut], openapi_extra=rows_of("student", key="student_id")
)
@paginate(LimitOffsetPagination)
def results(
    request: HttpRequest,
    student: int | None = None,
    course: int | None = None,
    term: int | None = None,
    school: int | None = None,
) -> Any:
    rows = course_result_policy.rows(actor(request))
    if student is not None:
        rows = rows.filter(student_id=student)
    if course is not None:
        rows = rows.filter(course_id=course)
    if term is not None:
        rows = rows.filter(term_id=term)
    if school is not None:
        rows = rows.filter(school_id=school)
    return rows.select_related("course__subject", "term__academic_year").order_by(
        "term_id", "course_id", "student_id"
    )
