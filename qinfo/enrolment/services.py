"""Writes about a child's place in school: admitting, enrolling, closing an enrolment.

These are the checked entry points for children's records: each asks the policies whether the
actor may act, validates, writes in one transaction and audits.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from qinfo.core.policy import Action
from qinfo.core.services import field_values, refuse, require, save_changes, save_new
from qinfo.enrolment.matching import student_match_propose_for
from qinfo.enrolment.models import (
    EXIT_STATUSES,
    YEAR_END_STATUSES,
    Enrolment,
    EnrolmentStatus,
    ExitReason,
)
from qinfo.enrolment.policies import enrolment_policy, student_policy
from qinfo.organisations.models import Classroom
from qinfo.organisations.scope import scope_for
from qinfo.people.models import Student
from qinfo.people.services import student_create, student_update


def _require_school_writer(actor: Any, school_id: int) -> None:
    scope = scope_for(actor)
    require(scope.is_admin or school_id in scope.writable_school_ids)


def _check_in_year(day: dt.date, classroom: Classroom, field: str) -> None:
    year = classroom.academic_year
    if not year.start_date <= day <= year.end_date:
        raise refuse(
            _("The date must lie inside the classroom's academic year."),
            "date_outside_year",
            field,
        )


def enrolment_create(
    *,
    actor: Any,
    student: Student,
    classroom: Classroom,
    start_date: dt.date,
    student_number: str = "",
) -> Enrolment:
    _require_school_writer(actor, classroom.school_id)
    if student.merged_into_id is not None:
        raise refuse(_("This record was merged into another; enrol that one."), "merged", "student")
    _check_in_year(start_date, classroom, "start_date")
    already = Enrolment.objects.filter(
        student=student,
        academic_year_id=classroom.academic_year_id,
        status=EnrolmentStatus.ACTIVE,
    )
    if already.exists():
        raise refuse(
            _(
                "This student already has an active enrolment in this academic year. Close it "
                "(for example as a transfer) before enrolling again."
            ),
            "second_active_enrolment",
            "student",
        )
    enrolment = Enrolment(
        student=student,
        classroom=classroom,
        school_id=classroom.school_id,
        academic_year_id=classroom.academic_year_id,
        start_date=start_date,
        student_number=student_number,
        status=EnrolmentStatus.ACTIVE,
    )
    save_new(enrolment, actor=actor, school_id=classroom.school_id)
    return enrolment


def enrolment_close(
    *,
    actor: Any,
    enrolment: Enrolment,
    status: str,
    end_date: dt.date,
    exit_reason: str = "",
    destination: str = "",
) -> Enrolment:
    """Ends an active enrolment: at year end (promoted, repeating, graduated) or by leaving
    (transferred out, dropped out, deceased: a reason from the OBEC list is required)."""
    require(enrolment_policy.can_row(actor, Action.CHANGE, enrolment))
    if enrolment.status != EnrolmentStatus.ACTIVE:
        raise refuse(_("Only an active enrolment can be closed."), "not_active", "status")
    if status not in EXIT_STATUSES | YEAR_END_STATUSES:
        raise refuse(_("Choose how the enrolment ends."), "status_invalid", "status")
    if end_date < enrolment.start_date:
        raise refuse(
            _("The end date must not be before the start date."), "dates_ordered", "end_date"
        )
    _check_in_year(end_date, enrolment.classroom, "end_date")
    if status in EXIT_STATUSES and exit_reason not in ExitReason.values:
        raise refuse(_("Give the reason the student left."), "exit_reason_required", "exit_reason")
    before = field_values(enrolment)
    enrolment.status, enrolment.end_date = status, end_date
    enrolment.exit_reason = exit_reason if status in EXIT_STATUSES else ""
    enrolment.destination = destination
    save_changes(enrolment, actor=actor, before=before, school_id=enrolment.school_id)
    return enrolment


def enrolment_transfer(
    *,
    actor: Any,
    enrolment: Enrolment,
    to_classroom: Classroom,
    on: dt.date,
    exit_reason: str = ExitReason.SAME_AFFILIATION,
) -> Enrolment:
    """Moves a child to another school of the network: closes one enrolment, opens the next."""
    with transaction.atomic():
        enrolment_close(
            actor=actor,
            enrolment=enrolment,
            status=EnrolmentStatus.TRANSFERRED_OUT,
            end_date=on,
            exit_reason=exit_reason,
            destination=to_classroom.school.name_th,
        )
        return enrolment_create(
            actor=actor, student=enrolment.student, classroom=to_classroom, start_date=on
        )


def student_admit(
    *,
    actor: Any,
    classroom: Classroom,
    start_date: dt.date,
    identifier: str | None,
    first_name_th: str,
    last_name_th: str,
    sex: str,
    birth_date: dt.date,
    student_number: str = "",
    **fields: Any,
) -> Enrolment:
    """A new child comes to school: creates the record and the enrolment together, then looks
    for an earlier record of the same child (a proposal for an officer; never a silent merge)."""
    _require_school_writer(actor, classroom.school_id)
    with transaction.atomic():
        student = student_create(
            actor=actor,
            identifier=identifier,
            first_name_th=first_name_th,
            last_name_th=last_name_th,
            sex=sex,
            birth_date=birth_date,
            **fields,
        )
        enrolment = enrolment_create(
            actor=actor,
            student=student,
            classroom=classroom,
            start_date=start_date,
            student_number=student_number,
        )
        student_match_propose_for(student)
    return enrolment


def student_edit(*, actor: Any, student: Student, **changes: Any) -> dict[str, Any]:
    require(student_policy.can_row(actor, Action.CHANGE, student))
    return student_update(actor=actor, student=student, **changes)
