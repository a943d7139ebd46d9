"""Schools, classrooms and staff, as the organisation policies allow."""

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from qinfo.api.auth import actor
from qinfo.api.errors import answers
from qinfo.api.listing import Paged, RowId, Shaped, rows_of
from qinfo.api.schemas import ClassroomOut, SchoolOut, StaffDeidentifiedOut, StaffItem, StaffOut
from qinfo.core.queries import where_given
from qinfo.enrolment.policies import student_policy
from qinfo.organisations.models import GradeLevel
from qinfo.organisations.policies import classroom_policy, school_policy, staff_policy

router = Router(tags=["organisations"])


@router.get("/schools", response=answers(list[SchoolOut]), openapi_extra=rows_of("school"))
@paginate(Paged)
def schools(request: HttpRequest, network: RowId | None = None) -> Any:
    return where_given(school_policy.rows(actor(request)), network_id=network).order_by("code")


@router.get("/classrooms", response=answers(list[ClassroomOut]), openapi_extra=rows_of("classroom"))
@paginate(Paged)
def classrooms(
    request: HttpRequest,
    school: RowId | None = None,
    academic_year: int | None = None,
    grade_level: GradeLevel | None = None,
) -> Any:
    rows = where_given(
        classroom_policy.rows(actor(request)),
        school_id=school,
        academic_year__year_be=academic_year,
        grade_level=grade_level,
    )
    return (
        rows.select_related("academic_year")
        .prefetch_related("homeroom_teachers")
        .order_by("school_id", "academic_year__year_be", "grade_level", "room", "pk")
    )


@router.get("/staff", response=answers(list[StaffItem]), openapi_extra=rows_of("staff"))
@paginate(Paged)
def staff(request: HttpRequest, school: RowId | None = None) -> Any:
    user = actor(request)
    rows = where_given(staff_policy.rows(user), school_id=school)
    if student_policy.deidentified(user):
        # Staff names are personal data too; analysts get neither names nor name order.
        return Shaped(rows.order_by("pk"), StaffDeidentifiedOut)
    return Shaped(rows.order_by("school_id", "first_name_th", "last_name_th", "pk"), StaffOut)
