"""Attendance marks and course results: they follow the child (attendance and result policies)."""

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from qinfo.api.auth import actor
from qinfo.api.errors import answers
from qinfo.api.listing import IsoDate, Paged, RowId, Shaped, rows_of
from qinfo.api.schemas import (
    AttendanceDeidentifiedOut,
    AttendanceItem,
    AttendanceOut,
    ResultOut,
)
from qinfo.assessment.selectors import course_result_list
from qinfo.attendance.models import AttendanceStatus
from qinfo.attendance.selectors import attendance_list
from qinfo.enrolment.policies import student_policy

router = Router(tags=["records"])


@router.get(
    "/attendance",
    response=answers(list[AttendanceItem]),
    openapi_extra=rows_of("student", key="student_id"),
)
@paginate(Paged)
def attendance(
    request: HttpRequest,
    student: RowId | None = None,
    classroom: RowId | None = None,
    school: RowId | None = None,
    date_from: IsoDate | None = None,
    date_to: IsoDate | None = None,
    status: AttendanceStatus | None = None,
) -> Any:
    user = actor(request)
    rows = attendance_list(
        user=user,
        student_id=student,
        classroom_id=classroom,
        school_id=school,
        date_from=date_from,
        date_to=date_to,
        status=status.value if status is not None else None,
    )
    # The reason is free text written about a child: analysts do not get it.
    schema = AttendanceDeidentifiedOut if student_policy.deidentified(user) else AttendanceOut
    return Shaped(rows, schema)


@router.get(
    "/results",
    response=answers(list[ResultOut]),
    openapi_extra=rows_of("student", key="student_id"),
)
@paginate(Paged)
def results(
    request: HttpRequest,
    student: RowId | None = None,
    course: RowId | None = None,
    term: RowId | None = None,
    school: RowId | None = None,
) -> Any:
    return course_result_list(
        user=actor(request), student_id=student, course_id=course, term_id=term, school_id=school
    )
