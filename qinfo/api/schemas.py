"""Output schemas. Every sensitive kind has two: the full one, and a de-identified one for analysts.

The de-identified schemas are siblings of the full ones, not subclasses, and physically lack every
field that names or locates a person: names, national ID or G-code, address below the province,
coordinates, photo, free text; the birth date becomes a year.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.urls import reverse
from ninja import Schema
from ninja.schema import DjangoGetter
from pydantic import ConfigDict, Discriminator, Tag, ValidationInfo, model_validator
from typing_extensions import TypeAliasType


class Out(Schema):
    """An output schema whose own instances pass through validation unchanged.

    Items are shaped once, in the schema chosen for the user; ninja's response validation must
    not shape them again (the resolvers expect model rows, not schema instances).
    """

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values: Any, handler: Any, info: ValidationInfo) -> Any:
        if isinstance(values, cls):
            return values
        return handler(DjangoGetter(values, cls, info.context))


class Deidentified:
    """Marks the schemas for users who get de-identified data only.

    Each such schema also sets ``model_config = NOTHING_ELSE``: its OpenAPI schema then says
    ``additionalProperties: false``, so that a client (or the fuzz tests) can tell that the item
    carries no other field, and a full item can never pass for a de-identified one in the
    ``oneOf`` of an ``_either`` union.
    """


NOTHING_ELSE = ConfigDict(extra="forbid")


def _which(value: Any) -> str | None:
    # Only shaped items are accepted: a raw row (None here) fails validation instead of
    # defaulting to the full schema.
    if isinstance(value, Deidentified):
        return "deidentified"
    return "full" if isinstance(value, Out) else None


def _either(name: str, full: type[Out], deidentified: type[Out]) -> Any:
    """The full item or, for analysts, the de-identified one, chosen by what the view shaped."""
    return TypeAliasType(
        name,
        Annotated[
            Annotated[full, Tag("full")] | Annotated[deidentified, Tag("deidentified")],
            Discriminator(_which),
        ],
    )


# Organisations ---------------------------------------------------------------------------------


class SchoolOut(Out):
    id: int
    network_id: int
    code: str
    name_th: str
    name_en: str
    affiliation: str
    lowest_grade: int
    highest_grade: int
    province_code: str
    amphoe_code: str
    tambon_code: str
    village_code: str
    address: str
    latitude: float | None
    longitude: float | None


class InYearOut(Out):
    """A row of one academic year (``academic_year``): answered as its Buddhist Era year."""

    @staticmethod
    def resolve_academic_year(obj: Any) -> int:
        return int(obj.academic_year.year_be)


class InTermOut(Out):
    """A row of one term (``term``): answered as the term's number and its year (BE)."""

    @staticmethod
    def resolve_term(obj: Any) -> int:
        return int(obj.term.number)

    @staticmethod
    def resolve_academic_year(obj: Any) -> int:
        return int(obj.term.academic_year.year_be)


class ClassroomOut(InYearOut):
    id: int
    school_id: int
    academic_year: int
    grade_level: int
    room: int
    name: str
    homeroom_teacher_ids: list[int]

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj.name)

    @staticmethod
    def resolve_homeroom_teacher_ids(obj: Any) -> list[int]:
        return [staff.pk for staff in obj.homeroom_teachers.all()]


class _StaffCommon(Out):
    id: int
    school_id: int
    sex: str
    position: str
    learning_area: str
    active: bool


class StaffDeidentifiedOut(_StaffCommon, Deidentified):
    model_config = NOTHING_ELSE


class StaffOut(_StaffCommon):
    title_th: str
    first_name_th: str
    last_name_th: str
    first_name_en: str
    last_name_en: str


# Students --------------------------------------------------------------------------------------


class AddressOut(Out):
    house_no: str
    village_no: str
    street: str
    province_code: str
    amphoe_code: str
    tambon_code: str
    village_code: str
    postcode: str
    latitude: float | None
    longitude: float | None


class _StudentCommon(Out):
    id: int
    sex: str
    nationality: str
    religion: str
    special_need: str
    household_id: int | None


class StudentDeidentifiedOut(_StudentCommon, Deidentified):
    model_config = NOTHING_ELSE

    birth_year: int
    province_code: str

    @staticmethod
    def resolve_birth_year(obj: Any) -> int:
        return int(obj.birth_date.year)


class StudentOut(_StudentCommon):
    identifier_kind: str
    identifier: str | None
    title_th: str
    first_name_th: str
    last_name_th: str
    first_name_en: str
    last_name_en: str
    nickname: str
    birth_date: dt.date
    disability_notes: str
    address: AddressOut
    photo: str | None

    @staticmethod
    def resolve_address(obj: Any) -> dict[str, Any]:
        return {name: getattr(obj, name) for name in AddressOut.model_fields}

    @staticmethod
    def resolve_photo(obj: Any) -> str | None:
        # Photos are served only through the view that asks the student policy, never from
        # MEDIA_URL (docs/architecture.md).
        return reverse("web:student_photo", args=[obj.pk]) if obj.photo else None


class _EnrolmentCommon(InYearOut):
    id: int
    student_id: int
    classroom_id: int
    school_id: int
    academic_year: int
    grade_level: int
    start_date: dt.date
    end_date: dt.date | None
    status: str
    exit_reason: str
    destination: str

    @staticmethod
    def resolve_grade_level(obj: Any) -> int:
        return int(obj.classroom.grade_level)


class EnrolmentDeidentifiedOut(_EnrolmentCommon, Deidentified):
    model_config = NOTHING_ELSE


class EnrolmentOut(_EnrolmentCommon):
    student_number: str


def _enrolments(context: Any) -> list[Any]:
    """The enrolments the view read through the enrolment selector, not ``student.enrolments``."""
    return list(context["enrolments"])


class StudentDeidentifiedDetailOut(StudentDeidentifiedOut):
    enrolments: list[EnrolmentDeidentifiedOut]

    @staticmethod
    def resolve_enrolments(obj: Any, context: Any) -> list[Any]:
        return _enrolments(context)


class StudentDetailOut(StudentOut):
    enrolments: list[EnrolmentOut]

    @staticmethod
    def resolve_enrolments(obj: Any, context: Any) -> list[Any]:
        return _enrolments(context)


# Records ---------------------------------------------------------------------------------------


class _AttendanceCommon(Out):
    id: int
    student_id: int
    date: dt.date
    period: int
    school_id: int
    classroom_id: int
    course_id: int | None
    status: str
    minutes_late: int | None


class AttendanceDeidentifiedOut(_AttendanceCommon, Deidentified):
    model_config = NOTHING_ELSE


class AttendanceOut(_AttendanceCommon):
    reason: str


class ResultOut(InTermOut):
    """Course results name no one, so analysts get the same schema."""

    id: int
    student_id: int
    course_id: int
    subject_code: str
    term_id: int
    term: int
    academic_year: int
    school_id: int
    score: float | None
    grade: float | None
    special_mark: str

    @staticmethod
    def resolve_subject_code(obj: Any) -> str:
        return str(obj.course.subject.code)


# Errors ----------------------------------------------------------------------------------------


class FieldErrorOut(Out):
    field: str | None
    code: str
    message: str


class ErrorOut(Out):
    detail: str
    errors: list[FieldErrorOut] = []


# What list endpoints answer: named, so that the OpenAPI document calls their pages
# PagedStudentItem and so on.
StaffItem = _either("StaffItem", StaffOut, StaffDeidentifiedOut)
StudentItem = _either("StudentItem", StudentOut, StudentDeidentifiedOut)
StudentDetail = _either("StudentDetail", StudentDetailOut, StudentDeidentifiedDetailOut)
EnrolmentItem = _either("EnrolmentItem", EnrolmentOut, EnrolmentDeidentifiedOut)
AttendanceItem = _either("AttendanceItem", AttendanceOut, AttendanceDeidentifiedOut)
