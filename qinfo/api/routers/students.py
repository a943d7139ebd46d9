"""Students and their enrolments, through the enrolment selectors (scoped by the student policy)."""

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import LimitOffsetPagination, paginate

from qinfo.api.auth import actor
from qinfo.api.listing import Shaped, rows_of
from qinfo.api.schemas import (
    EnrolmentDeidentifiedOut,
    EnrolmentItem,
    EnrolmentOut,
    ErrorOut,
    StudentDeidentifiedDetailOut,
    StudentDeidentifiedOut,
    StudentDetail,
    StudentDetailOut,
    StudentItem,
    StudentOut,
)
from qinfo.enrolment.models import EnrolmentStatus
from qinfo.enrolment.policies import student_policy
from qinfo.enrolment.selectors import enrolment_list, student_list, student_open

router = Router(tags=["students"])


@router.get(
    "/students",
    response=list[StudentItem],
    openapi_extra=rows_of("student"),
)
@paginate(LimitOffsetPagination)
def students(
    request: HttpRequest,
    school: int | None = None,
    classroom: int | None = None,
    academic_year: int | None = None,
    status: EnrolmentStatus | None = None,
    q: str | None = None,
) -> Any:
    user = actor(request)
    rows = student_list(
        user=user,
        school_id=school,
        classroom_id=classroom,
        academic_year=academic_year,
        status=status.value if status else None,
        q=q,
    )
    if student_policy.deidentified(user):
        # Name order would hint at names: analysts get the rows in id order.
        return Shaped(rows.order_by("pk"), StudentDeidentifiedOut)
    return Shaped(rows, StudentOut)


@router.get(
    "/students/{id}",
    response={200: StudentDetail, 404: ErrorOut},
    openapi_extra=rows_of("student"),
)
def student(request: HttpRequest, id: int) -> Any:
    """One child's record with the child's enrolments across years. Opening it is audited."""
    user = actor(request)
    opened = student_open(user=user, student_id=id)
    context = {"enrolments": enrolment_list(user=user, student_id=opened.pk)}
    if student_policy.deidentified(user):
        return StudentDeidentifiedDetailOut.model_validate(opened, context=context)
    return StudentDetailOut.model_validate(opened, context=context)


@router.get(
    "/enrolments",
    response=list[EnrolmentItem],
    openapi_extra=rows_of("student", key="student_id"),
)
@paginate(LimitOffsetPagination)
def enrolments(
    request: HttpRequest,
    student: int | None = None,
    school: int | None = None,
    academic_year: int | None = None,
    status: EnrolmentStatus | None = None,
) -> Any:
    user = actor(request)
    rows = enrolment_list(
        user=user,
        student_id=student,
        school_id=school,
        academic_year=academic_year,
        status=status.value if status else None,
    ).order_by("student_id", "start_date", "pk")
    schema = EnrolmentDeidentifiedOut if student_policy.deidentified(user) else EnrolmentOut
    return Shaped(rows, schema)
