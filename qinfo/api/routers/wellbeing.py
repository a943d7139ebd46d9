"""Health measurements and SDQ screenings: lists about children, and the two writes.

The rows name no one (numbers about a child named by id), so analysts get the same schema; the
age in days is left out, since with the date it would give the birth date away.
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from qinfo.api.auth import actor
from qinfo.api.errors import answers
from qinfo.api.listing import IsoDate, Paged, RowId, rows_of
from qinfo.api.schemas import InTermOut, Out
from qinfo.core.policy import Action
from qinfo.core.services import refuse
from qinfo.enrolment.policies import student_policy
from qinfo.organisations.models import Term
from qinfo.organisations.policies import classroom_policy
from qinfo.wellbeing.models import SdqForm
from qinfo.wellbeing.selectors import health_list, sdq_list
from qinfo.wellbeing.services import MeasurementInput, health_record, sdq_record

router = Router(tags=["wellbeing"])


class HealthOut(InTermOut):
    id: int
    student_id: int
    term_id: int
    term: int
    academic_year: int
    school_id: int
    classroom_id: int
    date: dt.date
    weight_kg: float
    height_cm: float
    bmi: float
    bmi_z: float | None
    hfa_z: float | None
    wfa_z: float | None
    wfh_label: str
    hfa_label: str
    tall_and_proportionate: bool | None


class SdqOut(Out):
    id: int
    student_id: int
    school_id: int
    classroom_id: int
    date: dt.date
    form: str
    answers: list[int]
    emotional: int
    conduct: int
    hyperactivity: int
    peer: int
    prosocial: int
    total: int
    total_band: str
    scale_bands: dict[str, str]

    @staticmethod
    def resolve_answers(obj: Any) -> list[int]:
        return [int(c) for c in obj.answers]


Tenth = Annotated[Decimal, Field(gt=0, max_digits=5, decimal_places=2)]


class MeasurementIn(Schema):
    student_id: RowId
    weight_kg: Tenth
    height_cm: Tenth


class HealthBatchIn(Schema):
    classroom_id: RowId
    term_id: RowId
    date: IsoDate
    measurements: list[MeasurementIn] = Field(..., min_length=1, max_length=100)


class SdqIn(Schema):
    student_id: RowId
    form: SdqForm
    date: IsoDate
    #: Items 1 to 25 in order; each 0, 1 or 2 (checked by the service, which refuses the whole).
    answers: list[int] = Field(..., min_length=25, max_length=25)


@router.get(
    "/health-measurements",
    response=answers(list[HealthOut]),
    openapi_extra=rows_of("student", key="student_id"),
)
@paginate(Paged)
def health_measurements(
    request: HttpRequest,
    student: RowId | None = None,
    classroom: RowId | None = None,
    school: RowId | None = None,
    term: RowId | None = None,
) -> Any:
    return health_list(
        user=actor(request),
        student_id=student,
        classroom_id=classroom,
        school_id=school,
        term_id=term,
    )


@router.post(
    "/health-measurements",
    response=answers(list[HealthOut], 403, 404),
    openapi_extra=rows_of("classroom", key="classroom_id"),
)
def health_measurements_record(request: HttpRequest, body: HealthBatchIn) -> Any:
    """A class's weights and heights for one term, saved as a whole or refused as a whole."""
    user = actor(request)
    classroom = classroom_policy.get(user, body.classroom_id)
    term = Term.objects.filter(pk=body.term_id).first()
    if term is None:
        raise refuse(_("Unknown term."), "term_unknown", "term_id")
    saved = health_record(
        actor=user,
        classroom=classroom,
        term=term,
        date=body.date,
        measurements=[
            MeasurementInput(m.student_id, m.weight_kg, m.height_cm) for m in body.measurements
        ],
    )
    return health_list(user=user, classroom_id=classroom.pk, term_id=term.pk).filter(
        pk__in=[row.pk for row in saved]
    )


@router.get(
    "/sdq-screenings",
    response=answers(list[SdqOut]),
    openapi_extra=rows_of("student", key="student_id"),
)
@paginate(Paged)
def sdq_screenings(
    request: HttpRequest,
    student: RowId | None = None,
    school: RowId | None = None,
    form: SdqForm | None = None,
) -> Any:
    return sdq_list(
        user=actor(request),
        student_id=student,
        school_id=school,
        form=form.value if form is not None else None,
    )


@router.post(
    "/sdq-screenings",
    response=answers(SdqOut, 403, 404),
    openapi_extra=rows_of("student", key="student_id"),
)
def sdq_screenings_record(request: HttpRequest, body: SdqIn) -> Any:
    """One SDQ form about a child: 25 answers 0, 1 or 2; scored into subscales and bands."""
    user = actor(request)
    student = student_policy.get(user, body.student_id, Action.VIEW)
    return sdq_record(
        actor=user, student=student, form=body.form.value, date=body.date, answers=body.answers
    )
