"""What a page may show of a child. De-identified viewers (analysts) never receive the model.

Views hand templates these plain rows, not Student objects, so a template cannot print a name,
an identifier, an address, coordinates or a photo to an analyst by mistake.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from qinfo.enrolment.models import Enrolment, EnrolmentStatus, ExitReason
from qinfo.organisations.models import Sex
from qinfo.people.models import IdentifierKind, Religion, SpecialNeed, Student
from qinfo.web.templatetags.qinfo_tags import be_date


def pseudonym(pk: int) -> str:
    return f"#{pk}"


def label(choices: Any, value: str) -> str:
    """The translated label of a choice value ('' for blank, the value itself if unknown)."""
    if not value:
        return ""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


@dataclass
class StudentRow:
    pk: int
    name: str
    name_en: str = ""
    sex: str = ""
    born: str = ""
    identifier: str = ""
    number: str = ""
    status: str = ""
    status_code: str = ""
    exit_reason: str = ""
    where: str = ""


def student_row(
    student: Student, *, deidentified: bool, enrolment: Enrolment | None = None
) -> StudentRow:
    row = StudentRow(pk=student.pk, name=pseudonym(student.pk), sex=label(Sex, student.sex))
    if deidentified:
        row.born = str(student.birth_date.year + 543)
    else:
        row.name = student.full_name_th
        row.name_en = f"{student.first_name_en} {student.last_name_en}".strip()
        row.born = be_date(student.birth_date)
        row.identifier = student.identifier or label(IdentifierKind, student.identifier_kind)
    if enrolment is not None:
        row.status_code = enrolment.status
        row.status = label(EnrolmentStatus, enrolment.status)
        row.exit_reason = label(ExitReason, enrolment.exit_reason)
        row.where = f"{enrolment.classroom.name} · {enrolment.school.name_th}"
        if not deidentified:
            row.number = enrolment.student_number
    return row


@dataclass
class Profile:
    """The facts shown at the top of a student's page, as (label, value) pairs."""

    title: str
    subtitle: str = ""
    facts: list[tuple[str, str]] = field(default_factory=list)
    #: Where the child is now (or was last): classroom, school, year; and that enrolment's status.
    placement: str = ""
    status: str = ""
    status_code: str = ""


def _address(obj: Any) -> str:
    parts = [
        obj.house_no,
        _("Moo %(n)s") % {"n": obj.village_no} if obj.village_no else "",
        obj.street,
        _("Tambon code %(c)s") % {"c": obj.tambon_code} if obj.tambon_code else "",
        obj.postcode,
    ]
    return " ".join(p for p in parts if p)


def student_profile(student: Student, *, deidentified: bool) -> Profile:
    common = [
        (_("Sex"), label(Sex, student.sex)),
        (_("Nationality"), student.nationality),
        (_("Religion"), label(Religion, student.religion)),
        (_("Special needs"), label(SpecialNeed, student.special_need) or _("None recorded")),
    ]
    if deidentified:
        facts = [(_("Birth year"), str(student.birth_date.year + 543)), *common]
        return Profile(
            title=pseudonym(student.pk),
            subtitle=_("De-identified record"),
            facts=[(k, v) for k, v in facts if v],
        )
    identifier = student.identifier or ""
    facts = [
        (label(IdentifierKind, student.identifier_kind), identifier or _("Not yet known")),
        (_("Birth date"), be_date(student.birth_date)),
        (_("Nickname"), student.nickname),
        *common,
        (_("Disability notes"), student.disability_notes),
        (_("Address"), _address(student)),
    ]
    english = f"{student.first_name_en} {student.last_name_en}".strip()
    return Profile(
        title=student.full_name_th,
        subtitle=english,
        facts=[(k, v) for k, v in facts if v],
    )


def household_address(household: Any) -> str:
    return _address(household)
