"""Reads of care records, always through the policies; shaped for the pages and the child's page.

De-identified users (analysts) get no notes, no visitors' names, no photos and no positions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Max, Prefetch, Q, QuerySet

from qinfo.care.models import ITEM_CHOICES, CarePhoto, Finding, HomeVisit, PovertyScreening
from qinfo.care.policies import care_photo_policy, home_visit_policy, screening_policy
from qinfo.enrolment.models import EXIT_STATUSES
from qinfo.enrolment.policies import enrolment_policy, student_policy
from qinfo.organisations.models import Classroom
from qinfo.organisations.scope import scope_for

FINDING_LABELS = dict(Finding.choices)


@dataclass
class VisitSummary:
    pk: int
    date: dt.date
    year_be: int
    findings: list[tuple[str, str]]
    follow_up_needed: bool
    visitors: list[str] = field(default_factory=list)
    notes: str = ""
    follow_up_note: str = ""
    photo_ids: list[int] = field(default_factory=list)
    latitude: Decimal | None = None
    longitude: Decimal | None = None


@dataclass
class ScreeningSummary:
    pk: int
    date: dt.date
    year_be: int
    members: int
    monthly_income: Decimal
    income_per_member: Decimal
    hardship_items: int
    extremely_poor: bool
    answers: dict[str, str]
    notes: str = ""
    photo_ids: list[int] = field(default_factory=list)
    latitude: Decimal | None = None
    longitude: Decimal | None = None


@dataclass
class PovertySummary:
    household_id: int | None
    #: Newest first: the child's screenings and those of other children of the same household.
    screenings: list[ScreeningSummary]

    @property
    def latest(self) -> ScreeningSummary | None:
        return self.screenings[0] if self.screenings else None


def visits(user: Any) -> QuerySet[HomeVisit]:
    return home_visit_policy.rows(user).select_related("academic_year")


def screenings(user: Any) -> QuerySet[PovertyScreening]:
    return screening_policy.rows(user).select_related("academic_year")


def visits_for_student(user: Any, student_id: int) -> list[VisitSummary]:
    """The child's home visits, newest first (empty when the child may not be seen)."""
    hidden = scope_for(user).deidentified
    rows = (
        visits(user)
        .filter(student_id=student_id)
        .prefetch_related("findings", "visitors", Prefetch("photos", CarePhoto.objects.only("pk")))
        .order_by("-date", "-pk")
    )
    out = []
    for visit in rows:
        summary = VisitSummary(
            pk=visit.pk,
            date=visit.date,
            year_be=visit.academic_year.year_be,
            findings=[
                (f.code, str(FINDING_LABELS.get(f.code, f.code))) for f in visit.findings.all()
            ],
            follow_up_needed=visit.follow_up_needed,
        )
        if not hidden:
            summary.visitors = [str(s) for s in visit.visitors.all()]
            summary.notes, summary.follow_up_note = visit.notes, visit.follow_up_note
            summary.photo_ids = [p.pk for p in visit.photos.all()]
            summary.latitude, summary.longitude = visit.latitude, visit.longitude
        out.append(summary)
    return out


def _screening_summary(row: PovertyScreening, hidden: bool) -> ScreeningSummary:
    answers = {name: str(getattr(row, f"get_{name}_display")()) for name in ITEM_CHOICES}
    summary = ScreeningSummary(
        pk=row.pk,
        date=row.date,
        year_be=row.academic_year.year_be,
        members=row.members,
        monthly_income=row.monthly_income,
        income_per_member=row.income_per_member,
        hardship_items=row.hardship_items,
        extremely_poor=row.extremely_poor,
        answers=answers,
    )
    if not hidden:
        summary.notes = row.notes
        summary.photo_ids = [p.pk for p in row.photos.all()]
        summary.latitude, summary.longitude = row.latitude, row.longitude
    return summary


def poverty_for_student(user: Any, student_id: int) -> PovertySummary | None:
    """The child's household and its screenings, newest first; None when the child is hidden."""
    student = student_policy.rows(user).filter(pk=student_id).only("pk", "household_id").first()
    if student is None:
        return None
    hidden = scope_for(user).deidentified
    same_home = Q(student_id=student.pk)
    if student.household_id is not None:
        same_home |= Q(household_id=student.household_id)
    rows = (
        screenings(user)
        .filter(same_home)
        .prefetch_related(Prefetch("photos", CarePhoto.objects.only("pk", "screening_id")))
        .order_by("-date", "-pk")
    )
    return PovertySummary(student.household_id, [_screening_summary(r, hidden) for r in rows])


def care_photo_name(user: Any, *, student_id: int, photo_id: int) -> str | None:
    """The stored name of one care photo of the child, if the user may see it."""
    row = (
        care_photo_policy.rows(user)
        .filter(pk=photo_id, student_id=student_id)
        .values_list("image", flat=True)
        .first()
    )
    return row or None


@dataclass
class Home:
    student_id: int
    first_name_th: str
    last_name_th: str
    latitude: Decimal | None
    longitude: Decimal | None
    last_visit: dt.date | None


def class_homes(user: Any, classroom: Classroom) -> list[Home]:
    """The homes of the children of a class the user may see, with their last visit this year.

    The position is the household's, else the child's own address; the visit counts when it was
    made in the classroom's academic year.
    """
    enrolments = (
        enrolment_policy.rows(user)
        .filter(classroom=classroom)
        .exclude(status__in=EXIT_STATUSES)
        .select_related("student", "student__household")
    )
    student_ids = [e.student_id for e in enrolments]
    last = dict(
        visits(user)
        .filter(student_id__in=student_ids, academic_year_id=classroom.academic_year_id)
        .values("student_id")
        .annotate(last=Max("date"))
        .values_list("student_id", "last")
    )
    homes: dict[int, Home] = {}
    for enrolment in enrolments:
        student = enrolment.student
        home = student.household if student.household_id else None
        source = home if home is not None and home.latitude is not None else student
        homes[student.pk] = Home(
            student_id=student.pk,
            first_name_th=student.first_name_th,
            last_name_th=student.last_name_th,
            latitude=source.latitude,
            longitude=source.longitude,
            last_visit=last.get(student.pk),
        )
    return list(homes.values())
