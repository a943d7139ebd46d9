"""Recording home visits and household poverty screenings, each with its photos, as a whole.

Everything is checked first (who records, the child, the date, every field, every photo); a
refusal raises a DomainError and nothing is written, not even a photo file. Then one transaction
writes the record, its findings or answers, its photos and one audit event; photo files written
before a failure are removed again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any, TypeVar

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qinfo.audit.models import AuditAction
from qinfo.audit.services import audit_record, diff
from qinfo.care import rules
from qinfo.care.models import (
    ITEM_CHOICES,
    CarePhoto,
    Finding,
    HomeVisit,
    HouseholdItem,
    PovertyScreening,
    VisitFinding,
)
from qinfo.care.policies import may_record_for
from qinfo.core import photos
from qinfo.core.policy import Action
from qinfo.core.services import field_values, refuse, require
from qinfo.enrolment.models import Enrolment
from qinfo.enrolment.policies import student_policy
from qinfo.organisations.models import Staff
from qinfo.people.models import Student

MAX_PHOTOS = 6
NOTES_MAX = 5000
FOLLOW_UP_MAX = 500
MEMBERS_MAX = 50
INCOME_MAX = Decimal("10000000")
COORDINATE = Decimal("0.000001")

R = TypeVar("R", bound=Model)


@dataclass(frozen=True)
class Place:
    """Where the record was made; both None when no position was taken."""

    latitude: Decimal | None = None
    longitude: Decimal | None = None


@dataclass(frozen=True)
class VisitInput:
    student_id: int
    date: dt.date
    visitor_ids: Sequence[int] = ()
    findings: Sequence[str] = ()
    notes: str = ""
    follow_up_needed: bool = False
    follow_up_note: str = ""
    place: Place = Place()
    photos: Sequence[IO[bytes] | Any] = field(default_factory=tuple)


@dataclass(frozen=True)
class ScreeningInput:
    student_id: int
    date: dt.date
    members: int
    monthly_income: Decimal
    #: The answer code of each item of ITEM_CHOICES (tenure ... appliances).
    answers: dict[str, str]
    dependant_disabled_or_ill: bool = False
    dependant_elderly: bool = False
    dependant_jobless_adult: bool = False
    notes: str = ""
    place: Place = Place()
    photos: Sequence[IO[bytes] | Any] = field(default_factory=tuple)


# Checks ------------------------------------------------------------------------------------


def _student(actor: Any, student_id: int) -> Student:
    """The child, if the actor may see it (else NotFound) and record for it (else denied)."""
    student = student_policy.get(actor, student_id, Action.VIEW)
    require(may_record_for(actor, student.pk))
    return student


def _enrolment_in_year(student: Student, day: dt.date) -> Enrolment:
    if day > timezone.localdate():
        raise refuse(_("The date cannot be in the future."), "date_future", "date")
    enrolment = (
        Enrolment.objects.filter(
            student=student,
            academic_year__start_date__lte=day,
            academic_year__end_date__gte=day,
        )
        .select_related("academic_year")
        .order_by("-start_date", "-pk")
        .first()
    )
    if enrolment is None:
        raise refuse(
            _("The child was not enrolled in any school in the academic year of that date."),
            "date_outside_year",
            "date",
        )
    return enrolment


def _place(place: Place) -> Place:
    if (place.latitude is None) != (place.longitude is None):
        raise refuse(
            _("Give both latitude and longitude, or neither."), "position_incomplete", "latitude"
        )
    if place.latitude is None or place.longitude is None:
        return Place()
    try:
        latitude = Decimal(place.latitude).quantize(COORDINATE)
        longitude = Decimal(place.longitude).quantize(COORDINATE)
    except (InvalidOperation, ValueError, TypeError) as exc:
        raise refuse(_("The position is not a number."), "position_invalid", "latitude") from exc
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise refuse(
            _("Latitude is from -90 to 90 and longitude from -180 to 180."),
            "position_range",
            "latitude",
        )
    return Place(latitude, longitude)


def _text(value: str, limit: int, name: str) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise refuse(
            _("The text is longer than %(limit)s characters.") % {"limit": limit},
            "text_too_long",
            name,
        )
    return value


def _photos(uploads: Sequence[Any]) -> list[photos.Photo]:
    if len(uploads) > MAX_PHOTOS:
        raise refuse(
            _("At most %(limit)s photos per record.") % {"limit": MAX_PHOTOS},
            "too_many_photos",
            "photos",
        )
    return [photos.prepare(upload) for upload in uploads]


def _visitors(visitor_ids: Sequence[int], actor: Any, school_id: int) -> list[Staff]:
    ids = list(dict.fromkeys(visitor_ids))
    if not ids:
        own = Staff.objects.filter(user=actor, school_id=school_id, active=True).first()
        if own is None:
            raise refuse(_("Name at least one visitor."), "no_visitor", "visitor_ids")
        return [own]
    staff = list(Staff.objects.filter(pk__in=ids, school_id=school_id, active=True))
    if len(staff) != len(ids):
        raise refuse(
            _("A visitor is not a member of staff of the child's school."),
            "visitor_unknown",
            "visitor_ids",
        )
    return staff


def _findings(codes: Sequence[str]) -> list[str]:
    unknown = [code for code in codes if code not in Finding.values]
    if unknown:
        raise refuse(_("Unknown finding."), "finding_invalid", "findings")
    return list(dict.fromkeys(codes))


# Writing -----------------------------------------------------------------------------------


def _write(
    record: R,
    checked: list[photos.Photo],
    attach: Callable[[R], dict[str, Any]],
    *,
    link: str,
    actor: Any,
    school_id: int,
) -> None:
    """In one transaction: saves ``record``, runs ``attach`` (its dependent rows), stores its
    photos (linked by the CarePhoto field ``link``) and audits it. Photo files written before a
    failure are removed again."""
    stored: list[str] = []
    try:
        with transaction.atomic():
            record.full_clean()
            record.save()
            extra = attach(record)
            rows = []
            for photo in checked:
                name = photos.store(photo, f"care/{link}")
                stored.append(name)
                rows.append(
                    CarePhoto(
                        student_id=record.student_id,  # type: ignore[attr-defined]
                        image=name,
                        width=photo.width,
                        height=photo.height,
                        **{link: record},
                    )
                )
            CarePhoto.objects.bulk_create(rows)
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                target=record,
                school_id=school_id,
                changes={
                    **diff({}, field_values(record)),
                    **extra,
                    "photos": [None, len(stored)],
                },
            )
    except BaseException:
        photos.discard(stored)
        raise


def record_home_visit(*, actor: Any, data: VisitInput) -> HomeVisit:
    student = _student(actor, data.student_id)
    enrolment = _enrolment_in_year(student, data.date)
    visitors = _visitors(data.visitor_ids, actor, enrolment.school_id)
    findings = _findings(data.findings)
    notes = _text(data.notes, NOTES_MAX, "notes")
    follow_up_note = _text(data.follow_up_note, FOLLOW_UP_MAX, "follow_up_note")
    if data.follow_up_needed and not follow_up_note:
        raise refuse(
            _("Say what follow-up is needed."), "follow_up_note_required", "follow_up_note"
        )
    place = _place(data.place)
    checked = _photos(data.photos)
    visit = HomeVisit(
        student=student,
        academic_year=enrolment.academic_year,
        date=data.date,
        notes=notes,
        follow_up_needed=data.follow_up_needed,
        follow_up_note=follow_up_note if data.follow_up_needed else "",
        latitude=place.latitude,
        longitude=place.longitude,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )

    def attach(saved: HomeVisit) -> dict[str, Any]:
        saved.visitors.set(visitors)
        VisitFinding.objects.bulk_create([VisitFinding(visit=saved, code=c) for c in findings])
        return {
            "visitors": [None, sorted(s.pk for s in visitors)],
            "findings": [None, findings],
        }

    _write(visit, checked, attach, link="visit", actor=actor, school_id=enrolment.school_id)
    return visit


def record_screening(*, actor: Any, data: ScreeningInput) -> PovertyScreening:
    student = _student(actor, data.student_id)
    enrolment = _enrolment_in_year(student, data.date)
    if not 1 <= data.members <= MEMBERS_MAX:
        raise refuse(
            _("A household has from 1 to %(limit)s members.") % {"limit": MEMBERS_MAX},
            "members_range",
            "members",
        )
    try:
        income = Decimal(data.monthly_income)
    except (InvalidOperation, ValueError, TypeError) as exc:
        raise refuse(_("The income is not a number."), "income_invalid", "monthly_income") from exc
    if not (0 <= income <= INCOME_MAX) or income != income.quantize(rules.CENT):
        raise refuse(
            _("The monthly income is from 0 to 10,000,000 baht, in baht and satang."),
            "income_range",
            "monthly_income",
        )
    for item, choices in ITEM_CHOICES.items():
        if data.answers.get(item) not in choices.values:
            raise refuse(_("Choose one answer for every household item."), "answer_invalid", item)
    notes = _text(data.notes, NOTES_MAX, "notes")
    place = _place(data.place)
    checked = _photos(data.photos)
    rule = rules.rule_on(data.date)
    if rule is None:
        raise refuse(_("No poverty threshold is in force on that date."), "no_threshold", "date")
    dependants = (
        data.dependant_disabled_or_ill or data.dependant_elderly or data.dependant_jobless_adult
    )
    answers = {**data.answers, HouseholdItem.DEPENDANTS: "yes" if dependants else "no"}
    outcome = rules.assess(rule, income, data.members, answers)
    screening = PovertyScreening(
        student=student,
        household_id=student.household_id,
        academic_year=enrolment.academic_year,
        date=data.date,
        members=data.members,
        monthly_income=income,
        income_per_member=outcome.income_per_member,
        dependant_disabled_or_ill=data.dependant_disabled_or_ill,
        dependant_elderly=data.dependant_elderly,
        dependant_jobless_adult=data.dependant_jobless_adult,
        **{item: data.answers[item] for item in ITEM_CHOICES},
        hardship_items=outcome.hardship_items,
        extremely_poor=outcome.extremely_poor,
        notes=notes,
        latitude=place.latitude,
        longitude=place.longitude,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _write(
        screening,
        checked,
        lambda _saved: {},
        link="screening",
        actor=actor,
        school_id=enrolment.school_id,
    )
    return screening
