"""Writes about children and their families. Matching of duplicates lives in qinfo.enrolment."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qinfo.core.services import field_values, refuse, save_changes, save_new
from qinfo.core.thai_id import is_g_code, is_valid_national_id, normalise_identifier
from qinfo.people.models import Guardianship, Household, HouseholdMember, IdentifierKind, Student

#: The youngest and oldest a child in basic education plausibly is (years).
MIN_AGE, MAX_AGE = 2, 25


def parse_identifier(raw: str | None) -> tuple[str, str | None]:
    """(kind, identifier) from what a person typed: a national ID, a G-code, or nothing yet."""
    if raw is None or not raw.strip():
        return IdentifierKind.PENDING, None
    value = normalise_identifier(raw)
    if value.startswith("G"):
        if is_g_code(value):
            return IdentifierKind.G_CODE, value
        raise refuse(_("A G-code is the letter G followed by 12 digits."), "g_code", "identifier")
    if len(value) != 13 or not value.isdigit():
        raise refuse(_("A national ID has exactly 13 digits."), "national_id_length", "identifier")
    if not is_valid_national_id(value):
        raise refuse(
            _("This national ID is not valid: its check digit does not match. Check the number."),
            "national_id_checksum",
            "identifier",
        )
    return IdentifierKind.NATIONAL_ID, value


def check_birth_date(birth_date: dt.date, today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    if birth_date > today:
        raise refuse(_("The birth date is in the future."), "birth_date_future", "birth_date")
    age = (today - birth_date).days / 365.25
    if not MIN_AGE <= age <= MAX_AGE:
        raise refuse(
            _("The birth date gives an age outside 2 to 25 years."), "birth_date_age", "birth_date"
        )


def check_identifier_free(identifier: str | None, exclude_pk: int | None = None) -> None:
    if identifier is None:
        return
    taken = Student.objects.filter(identifier=identifier)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise refuse(
            _(
                "A student record with this national ID or G-code already exists: enrol that "
                "record instead of creating a new one."
            ),
            "identifier_taken",
            "identifier",
        )


def student_create(
    *,
    actor: Any,
    identifier: str | None,
    first_name_th: str,
    last_name_th: str,
    sex: str,
    birth_date: dt.date,
    **fields: Any,
) -> Student:
    """Creates a child's record. Callers that know the child's school go through
    qinfo.enrolment.services.student_admit, which also checks the actor's rights and looks for
    duplicates."""
    kind, value = parse_identifier(identifier)
    check_birth_date(birth_date)
    check_identifier_free(value)
    student = Student(
        identifier_kind=kind,
        identifier=value,
        first_name_th=first_name_th.strip(),
        last_name_th=last_name_th.strip(),
        sex=sex,
        birth_date=birth_date,
        **fields,
    )
    save_new(student, actor=actor)
    return student


def student_update(
    *, actor: Any, student: Student, school_id: int | None = None, **changes: Any
) -> dict[str, Any]:
    """Changes a child's record; the audit event keeps the previous values."""
    before = field_values(student)
    if "identifier" in changes:
        kind, value = parse_identifier(changes.pop("identifier"))
        check_identifier_free(value, exclude_pk=student.pk)
        student.identifier_kind, student.identifier = kind, value
    if "birth_date" in changes:
        check_birth_date(changes["birth_date"])
    for name, value in changes.items():
        setattr(student, name, value)
    return save_changes(student, actor=actor, before=before, school_id=school_id)


def household_create(*, actor: Any, **fields: Any) -> Household:
    household = Household(**fields)
    save_new(household, actor=actor)
    return household


def household_member_add(
    *,
    actor: Any,
    household: Household,
    first_name_th: str,
    last_name_th: str,
    relation: str,
    **fields: Any,
) -> HouseholdMember:
    income = fields.get("monthly_income")
    if income is not None and income < 0:
        raise refuse(_("Income cannot be negative."), "income_negative", "monthly_income")
    member = HouseholdMember(
        household=household,
        first_name_th=first_name_th,
        last_name_th=last_name_th,
        relation=relation,
        **fields,
    )
    save_new(member, actor=actor)
    return member


def guardian_link(
    *,
    actor: Any,
    student: Student,
    member: HouseholdMember,
    relation: str,
    is_primary: bool = False,
) -> Guardianship:
    if is_primary and student.guardianships.filter(is_primary=True).exists():
        raise refuse(
            _("This student already has a primary guardian."), "primary_guardian", "is_primary"
        )
    link = Guardianship(student=student, member=member, relation=relation, is_primary=is_primary)
    save_new(link, actor=actor)
    return link


def guardianships_prepare_merge(*, keep: Student, duplicate: Student) -> None:
    """Makes the duplicate's guardian links movable onto the kept record: links to a member the
    kept record already has are dropped, and the kept record's primary guardian stays primary.
    Part of a merge, inside its transaction (qinfo.enrolment.matching)."""
    linked = set(keep.guardianships.values_list("member_id", flat=True))
    duplicate.guardianships.filter(member_id__in=linked).delete()
    if keep.guardianships.filter(is_primary=True).exists():
        duplicate.guardianships.filter(is_primary=True).update(is_primary=False)
    if keep.household_id is None and duplicate.household_id is not None:
        Student.objects.filter(pk=keep.pk).update(household_id=duplicate.household_id)
