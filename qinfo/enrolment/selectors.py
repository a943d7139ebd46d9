"""Reads about children, always scoped by the acting user's policy.

``student_open`` is how any face (page, API, export) opens one child's record: it answers
NotFound when the child does not exist or may not be seen, and leaves an audit event when it does.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from qinfo.audit.models import AuditAction
from qinfo.audit.services import audit_record
from qinfo.core.policy import Action
from qinfo.core.queries import where_given
from qinfo.enrolment.models import Enrolment, EnrolmentStatus
from qinfo.enrolment.policies import enrolment_policy, student_policy
from qinfo.people.models import Student


def student_list(
    *,
    user: Any,
    school_id: int | None = None,
    classroom_id: int | None = None,
    academic_year: int | None = None,
    status: str | None = None,
    q: str | None = None,
) -> QuerySet[Student]:
    """Students the user may see, filtered by where and when they were enrolled.

    ``academic_year`` is the Buddhist Era year; ``status`` an enrolment status in that year.
    ``q`` searches names (Thai or English) and, unless the user gets de-identified data, the
    identifier.
    """
    rows = student_policy.rows(user)
    where = {
        "school_id": school_id,
        "classroom_id": classroom_id,
        "academic_year__year_be": academic_year,
        "status": status,
    }
    if any(value is not None for value in where.values()):
        enrolled = where_given(Enrolment.objects.all(), **where).values("student_id")
        rows = rows.filter(pk__in=enrolled)
    if q:
        if student_policy.deidentified(user):
            # Names and identifiers are hidden from de-identified users, so they cannot search them.
            return rows.none()
        rows = rows.filter(
            Q(first_name_th__icontains=q)
            | Q(last_name_th__icontains=q)
            | Q(first_name_en__icontains=q)
            | Q(last_name_en__icontains=q)
            | Q(identifier=q)
        )
    return rows.order_by("last_name_th", "first_name_th", "pk")


def student_open(*, user: Any, student_id: object) -> Student:
    """One child's record for display; raises NotFound; audits the opening."""
    student = student_policy.get(user, student_id, Action.VIEW)
    current = current_enrolment(student)
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        target=student,
        school_id=current.school_id if current else None,
    )
    return student


def current_enrolment(student: Student, on: dt.date | None = None) -> Enrolment | None:
    """The enrolment active on a date (today by default), or the latest one."""
    enrolments = Enrolment.objects.filter(student=student).select_related(
        "classroom", "school", "academic_year"
    )
    if on is not None:
        covering = enrolments.filter(start_date__lte=on).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )
        return covering.order_by("-start_date").first()
    active = enrolments.filter(status=EnrolmentStatus.ACTIVE).order_by("-start_date").first()
    return active or enrolments.order_by("-start_date").first()


def enrolment_list(
    *,
    user: Any,
    student_id: int | None = None,
    school_id: int | None = None,
    academic_year: int | None = None,
    status: str | None = None,
) -> QuerySet[Enrolment]:
    rows = where_given(
        enrolment_policy.rows(user),
        student_id=student_id,
        school_id=school_id,
        academic_year__year_be=academic_year,
        status=status,
    )
    return rows.select_related("classroom", "academic_year").order_by("student_id", "start_date")
