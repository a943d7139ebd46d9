"""School days of a classroom (docs/definitions.md §2): weekdays inside a term of the classroom's
academic year that are not recorded non-school days. Term dates are stored, never derived."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from qinfo.enrolment.models import Enrolment
from qinfo.organisations.models import Classroom, NonSchoolDay, Term

ONE_DAY = dt.timedelta(days=1)


def term_on(classroom: Classroom, day: dt.date) -> Term | None:
    return Term.objects.filter(
        academic_year_id=classroom.academic_year_id, start_date__lte=day, end_date__gte=day
    ).first()


def term_of(classroom: Classroom, day: dt.date) -> Term | None:
    """The term running on a date, else the last one that began before it (between terms)."""
    return (
        Term.objects.filter(academic_year_id=classroom.academic_year_id, start_date__lte=day)
        .order_by("-start_date")
        .first()
    )


def is_school_day(classroom: Classroom, day: dt.date, term: Term | None = None) -> bool:
    """A weekday inside a term of the classroom's year that is not a recorded non-school day.

    ``term``: the term running on ``day`` when the caller has already looked it up."""
    if day.weekday() >= 5 or (term or term_on(classroom, day)) is None:
        return False
    return not NonSchoolDay.objects.filter(
        academic_year_id=classroom.academic_year_id, date=day
    ).exists()


def school_days_before(classroom: Classroom, day: dt.date) -> list[dt.date]:
    """The school days of the classroom's academic year before ``day``, latest first (two
    queries)."""
    terms = Term.objects.filter(
        academic_year_id=classroom.academic_year_id, start_date__lt=day
    ).values_list("start_date", "end_date")
    closed = set(
        NonSchoolDay.objects.filter(
            academic_year_id=classroom.academic_year_id, date__lt=day
        ).values_list("date", flat=True)
    )
    days: list[dt.date] = []
    for start, end in terms:
        current = min(end, day - ONE_DAY)
        while current >= start:
            if current.weekday() < 5 and current not in closed:
                days.append(current)
            current -= ONE_DAY
    return sorted(set(days), reverse=True)


def enrolled_on(classroom: Classroom, day: dt.date) -> set[int]:
    """Students enrolled in the classroom on a date, whatever their status today."""
    return set(
        Enrolment.objects.filter(classroom=classroom, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .values_list("student_id", flat=True)
    )
