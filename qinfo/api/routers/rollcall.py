"""Write endpoint for the roll call: a class's marks for one date (and period) in one request.

It goes through the same policy and service as the roll-call page (``attendance_record``): the
whole roll call is refused with 422 and a clear message when any mark breaks a rule, and nothing
is written. A classroom the caller cannot see answers 404; one the caller sees but may not record
answers 403.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema
from ninja.responses import Status

from qinfo.api.auth import actor
from qinfo.api.errors import answers
from qinfo.api.listing import rows_of
from qinfo.api.schemas import Out
from qinfo.attendance.models import DAILY
from qinfo.attendance.services import MarkInput, attendance_record
from qinfo.core.services import refuse
from qinfo.organisations.models import Course
from qinfo.organisations.policies import classroom_policy

router = Router(tags=["roll call"])


class MarkIn(Schema):
    student: int = Field(description="The student's id.")
    status: str = Field(
        description="P present, L late, S sick leave, E personal leave, A absent, "
        "T school activity."
    )
    minutes_late: int | None = Field(None, description="Only with status L, 0 to 600.")
    reason: str = Field("", description="At most 200 characters.")


class RollCallIn(Schema):
    classroom: int
    date: dt.date = Field(description="A school day of the classroom, not in the future.")
    period: int = Field(DAILY, description="0 for the whole day, 1 to 12 for a lesson period.")
    course: int | None = Field(None, description="The course, for a period roll call.")
    marks: list[MarkIn]


class RollCallOut(Out):
    classroom: int
    date: dt.date
    period: int
    course: int | None
    marks: int = Field(description="Marks in the roll call.")
    new: int = Field(description="Marks that did not exist before.")
    changed: int = Field(description="Marks that existed with another value (audited).")


@router.post(
    "/attendance/roll-call",
    response=answers(RollCallOut, 403, 404),
    summary="Record a class's roll call",
    openapi_extra=rows_of("classroom", key="classroom"),
)
def roll_call(request: HttpRequest, payload: RollCallIn) -> Any:
    user = actor(request)
    classroom = classroom_policy.get(user, payload.classroom)  # NotFound: 404
    course = None
    if payload.course is not None:
        course = Course.objects.select_related("term").filter(pk=payload.course).first()
        if course is None:
            raise refuse(
                gettext_lazy("The course is not taught in this classroom."),
                "course_classroom",
                "course",
            )
    marks = [
        MarkInput(
            student_id=m.student, status=m.status, minutes_late=m.minutes_late, reason=m.reason
        )
        for m in payload.marks
    ]
    try:
        saved = attendance_record(
            actor=user,
            classroom=classroom,
            date=payload.date,
            marks=marks,
            period=payload.period,
            course=course,
        )
    except PermissionDenied:
        return Status(
            403, {"detail": _("You may not record attendance for this class."), "errors": []}
        )
    return Status(
        200,
        {
            "classroom": classroom.pk,
            "date": payload.date,
            "period": payload.period,
            "course": payload.course,
            "marks": saved.marks,
            "new": saved.new,
            "changed": saved.changed,
        },
    )
