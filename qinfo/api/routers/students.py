"""Students and their enrolments, through the enrolment selectors (scoped by the student policy)."""

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from qinfo.api.auth import actor
from qinfo.api.errors import answers
from qinfo.api.listing import Paged, RowId, SearchText, Shaped, rows_of
from qinfo.api.schemas import (
    EnrolmentDeidentifiedOut,
    EnrolmentItem,
    EnrolmentOut,
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
    response=answers(list[StudentItem]),
    openapi_extra=rows_of("student"),
)
@paginate(Paged)
def students(
    request: HttpRequest,
    school: RowId | None = None,
    classroom: RowId | None = None,
    academic_year: int | None = None,
    status: EnrolmentStatus | None = None,
    q: SearchText | None = None,
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
    response=answers(StudentDetail, 404),
    openapi_extra=rows_of("student"),
)
def student(request: HttpRequest, id: RowId) -> Any:
    """One child's record with the child's enrolments across years. Opening it is audited."""
    user = actor(request)
    opened = student_open(user=user, student_id=id)
    context = {"enrolments": enrolment_list(user=user, student_id=opened.pk)}
    if student_policy.deidentified(user):
        return StudentDeidentifiedDetailOut.model_validate(opened, context=context)
    return StudentDetailOut.model_validate(opened, context=context)


@router.get(
    "/enrolments",
    response=answers(list[EnrolmentItem]),
    openapi_extra=rows_of("student", key="student_id"),
)
@paginate(Paged)
def enrolments(
    request: HttpRequest,
    student: RowId | None = None,
    school: RowId | None = None,
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
