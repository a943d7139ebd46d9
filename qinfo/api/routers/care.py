"""Home visits and household poverty screenings: record them (multipart, with photos) and list them.

Writes go through the same services as the pages (qinfo.care.services): a refusal answers 422 with
a clear message and nothing is written; a child the caller cannot see answers 404, one they see
but may not record for answers 403. Lists are rows about children (``student_id``).
Analysts get neither notes, visitors, positions nor photos. Photos are never in the API
themselves: an item names the URLs of the protected view that serves them (web:student_photo).
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate

from qinfo.api.auth import actor
from qinfo.api.errors import answers
from qinfo.api.listing import Paged, RowId, Shaped, rows_of
from qinfo.api.schemas import NOTHING_ELSE, Deidentified, InYearOut, Out, _either
from qinfo.care import selectors
from qinfo.care.models import (
    ITEM_CHOICES,
    Appliances,
    Electricity,
    FarmLand,
    Housing,
    Tenure,
    Vehicles,
    Water,
)
from qinfo.care.services import (
    Place,
    ScreeningInput,
    VisitInput,
    record_home_visit,
    record_screening,
)
from qinfo.enrolment.policies import student_policy

router = Router(tags=["student care"])

#: An academic year in the Buddhist Era.
YearBE = Annotated[int, Field(ge=2400, le=2800)]


def _photo_urls(obj: Any) -> list[str]:
    base = reverse("web:student_photo", kwargs={"student_id": obj.student_id})
    return [f"{base}?care={photo.pk}" for photo in obj.photos.all()]


# Home visits --------------------------------------------------------------------------------


class _VisitCommon(InYearOut):
    id: int
    student_id: int
    academic_year: int
    date: dt.date
    findings: list[str]
    follow_up_needed: bool

    @staticmethod
    def resolve_findings(obj: Any) -> list[str]:
        return sorted(f.code for f in obj.findings.all())


class VisitDeidentifiedOut(_VisitCommon, Deidentified):
    model_config = NOTHING_ELSE


class VisitOut(_VisitCommon):
    visitor_ids: list[int]
    notes: str
    follow_up_note: str
    latitude: float | None
    longitude: float | None
    photo_urls: list[str]

    @staticmethod
    def resolve_visitor_ids(obj: Any) -> list[int]:
        return sorted(s.pk for s in obj.visitors.all())

    @staticmethod
    def resolve_photo_urls(obj: Any) -> list[str]:
        return _photo_urls(obj)


VisitItem = _either("VisitItem", VisitOut, VisitDeidentifiedOut)


class VisitIn(Schema):
    student: int = Field(description="The child's id.")
    date: dt.date = Field(description="In an academic year of the child's enrolment; not later.")
    visitor_ids: list[int] = Field(
        [], description="Staff of the child's school; none: the caller's own staff record."
    )
    findings: list[str] = Field([], description="Codes of the findings checklist.")
    notes: str = ""
    follow_up_needed: bool = False
    follow_up_note: str = Field("", description="Required when follow-up is needed.")
    latitude: Decimal | None = None
    longitude: Decimal | None = None


class CreatedOut(Out):
    id: int
    student_id: int
    photos: int


@router.post("/home-visits", response=answers(CreatedOut, 403, 404), summary="Record a home visit")
def create_home_visit(
    request: HttpRequest,
    payload: Form[VisitIn],
    photos: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Any:
    uploads = list(photos or [])
    visit = record_home_visit(
        actor=actor(request),
        data=VisitInput(
            student_id=payload.student,
            date=payload.date,
            visitor_ids=payload.visitor_ids,
            findings=payload.findings,
            notes=payload.notes,
            follow_up_needed=payload.follow_up_needed,
            follow_up_note=payload.follow_up_note,
            place=Place(payload.latitude, payload.longitude),
            photos=uploads,
        ),
    )
    return {"id": visit.pk, "student_id": visit.student_id, "photos": len(uploads)}


def _shaped(request: HttpRequest, rows: QuerySet[Any], full: Any, hidden: Any) -> Shaped:
    schema = hidden if student_policy.deidentified(actor(request)) else full
    return Shaped(rows, schema)


@router.get(
    "/home-visits",
    response=answers(list[VisitItem]),  # type: ignore[valid-type]
    openapi_extra=rows_of("student", key="student_id"),
)
@paginate(Paged)
def home_visits(
    request: HttpRequest, student: RowId | None = None, academic_year: YearBE | None = None
) -> Any:
    rows = selectors.visits(actor(request)).prefetch_related("findings", "visitors", "photos")
    if student is not None:
        rows = rows.filter(student_id=student)
    if academic_year is not None:
        rows = rows.filter(academic_year__year_be=academic_year)
    return _shaped(request, rows.order_by("pk"), VisitOut, VisitDeidentifiedOut)


# Poverty screenings -------------------------------------------------------------------------


class _ScreeningCommon(InYearOut):
    id: int
    student_id: int
    household_id: int | None
    academic_year: int
    date: dt.date
    members: int
    monthly_income: float
    income_per_member: float
    dependant_disabled_or_ill: bool
    dependant_elderly: bool
    dependant_jobless_adult: bool
    tenure: str
    housing: str
    farm_land: str
    water: str
    electricity: str
    vehicles: str
    appliances: str
    hardship_items: int
    extremely_poor: bool


class ScreeningDeidentifiedOut(_ScreeningCommon, Deidentified):
    model_config = NOTHING_ELSE


class ScreeningOut(_ScreeningCommon):
    notes: str
    latitude: float | None
    longitude: float | None
    photo_urls: list[str]

    @staticmethod
    def resolve_photo_urls(obj: Any) -> list[str]:
        return _photo_urls(obj)


ScreeningItem = _either("ScreeningItem", ScreeningOut, ScreeningDeidentifiedOut)


class ScreeningIn(Schema):
    student: int = Field(description="The child's id.")
    date: dt.date
    members: int = Field(description="People living in the household, 1 to 50.")
    monthly_income: Decimal = Field(description="The whole household's income, baht per month.")
    dependant_disabled_or_ill: bool = False
    dependant_elderly: bool = False
    dependant_jobless_adult: bool = False
    tenure: Tenure
    housing: Housing
    farm_land: FarmLand
    water: Water
    electricity: Electricity
    vehicles: Vehicles
    appliances: Appliances
    notes: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None


@router.post(
    "/poverty-screenings",
    response=answers(CreatedOut, 403, 404),
    summary="Record a household poverty screening (form นร.01)",
)
def create_screening(
    request: HttpRequest,
    payload: Form[ScreeningIn],
    photos: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Any:
    uploads = list(photos or [])
    screening = record_screening(
        actor=actor(request),
        data=ScreeningInput(
            student_id=payload.student,
            date=payload.date,
            members=payload.members,
            monthly_income=payload.monthly_income,
            answers={item: str(getattr(payload, item).value) for item in ITEM_CHOICES},
            dependant_disabled_or_ill=payload.dependant_disabled_or_ill,
            dependant_elderly=payload.dependant_elderly,
            dependant_jobless_adult=payload.dependant_jobless_adult,
            notes=payload.notes,
            place=Place(payload.latitude, payload.longitude),
            photos=uploads,
        ),
    )
    return {"id": screening.pk, "student_id": screening.student_id, "photos": len(uploads)}


@router.get(
    "/poverty-screenings",
    response=answers(list[ScreeningItem]),  # type: ignore[valid-type]
    openapi_extra=rows_of("student", key="student_id"),
)
@paginate(Paged)
def poverty_screenings(
    request: HttpRequest,
    student: RowId | None = None,
    academic_year: YearBE | None = None,
    extremely_poor: bool | None = None,
) -> Any:
    rows = selectors.screenings(actor(request)).prefetch_related("photos")
    if student is not None:
        rows = rows.filter(student_id=student)
    if academic_year is not None:
        rows = rows.filter(academic_year__year_be=academic_year)
    if extremely_poor is not None:
        rows = rows.filter(extremely_poor=extremely_poor)
    return _shaped(request, rows.order_by("pk"), ScreeningOut, ScreeningDeidentifiedOut)
