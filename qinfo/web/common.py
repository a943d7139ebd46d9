"""Helpers the pages share: the signed-in user's reach, the academic year shown, counts.

Everything about children is read through the policies and selectors of the domain apps, so a
page can never show more than the API or an export would.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from qinfo.core.errors import NotFound
from qinfo.core.policy import Policy
from qinfo.enrolment.models import EXIT_STATUSES, EnrolmentStatus
from qinfo.enrolment.policies import enrolment_policy, student_policy
from qinfo.organisations.models import AcademicYear
from qinfo.organisations.policies import school_policy
from qinfo.organisations.scope import Scope, scope_for

#: Statuses of a child who stayed in the classroom to the end of the year (or still studies).
STAYED = [
    EnrolmentStatus.ACTIVE,
    EnrolmentStatus.PROMOTED,
    EnrolmentStatus.REPEATING,
    EnrolmentStatus.GRADUATED,
]
LEFT = [s.value for s in EXIT_STATUSES]


@dataclass(frozen=True)
class Viewer:
    """Who is looking: their reach and whether they get de-identified data only."""

    user: Any
    scope: Scope
    deidentified: bool

    @classmethod
    def of(cls, request: HttpRequest) -> Viewer:
        return cls(request.user, scope_for(request.user), student_policy.deidentified(request.user))


def get_or_404(policy: Policy[Any], user: Any, pk: object) -> Any:
    """A row the user may see; 404 both when it does not exist and when it is out of reach."""
    try:
        return policy.get(user, pk)
    except NotFound as exc:
        raise Http404 from exc


def visible_years(user: Any, network_ids: Iterable[int] | None = None) -> list[int]:
    """Buddhist Era years of the networks the user reaches, newest first."""
    if network_ids is None:
        network_ids = school_policy.rows(user).values_list("network_id", flat=True)
    years = (
        AcademicYear.objects.filter(network_id__in=list(network_ids))
        .values_list("year_be", flat=True)
        .distinct()
    )
    return sorted(set(years), reverse=True)


def current_year_be(network_ids: Iterable[int], today: dt.date | None = None) -> int | None:
    """The year running today; else the latest that has begun; else the latest."""
    today = today or timezone.localdate()
    years = AcademicYear.objects.filter(network_id__in=list(network_ids))
    running = years.filter(start_date__lte=today, end_date__gte=today).order_by("-year_be")
    begun = years.filter(start_date__lte=today).order_by("-year_be")
    for candidates in (running, begun, years.order_by("-year_be")):
        found = candidates.values_list("year_be", flat=True).first()
        if found is not None:
            return found
    return None


def chosen_year(request: HttpRequest, network_ids: Iterable[int]) -> tuple[int | None, list[int]]:
    """The year asked for in ``?year=`` when it exists, else the current one; and all years."""
    network_ids = list(network_ids)
    years = visible_years(request.user, network_ids)
    raw = request.GET.get("year", "")
    if raw.isdigit() and int(raw) in years:
        return int(raw), years
    return current_year_be(network_ids), years


def user_network_ids(user: Any) -> list[int]:
    return list(school_policy.rows(user).values_list("network_id", flat=True).distinct())


def enrolment_counts(
    user: Any, year_be: int | None, group_by: str, extra: Q | None = None
) -> dict[Any, dict[str, int]]:
    """Counts of the enrolments the user may see in a year, grouped by one field.

    Each group answers ``{"students": stayed or studying, "left": left during the year,
    "M": boys, "F": girls}`` (boys and girls among "students").
    """
    if year_be is None:
        return {}
    rows: QuerySet[Any] = enrolment_policy.rows(user).filter(academic_year__year_be=year_be)
    if extra is not None:
        rows = rows.filter(extra)
    grouped = rows.values(group_by).annotate(
        students=Count("id", filter=Q(status__in=STAYED)),
        left=Count("id", filter=Q(status__in=LEFT)),
        boys=Count("id", filter=Q(status__in=STAYED, student__sex="M")),
        girls=Count("id", filter=Q(status__in=STAYED, student__sex="F")),
    )
    return {
        row[group_by]: {
            "students": row["students"],
            "left": row["left"],
            "M": row["boys"],
            "F": row["girls"],
        }
        for row in grouped
    }


EMPTY_COUNTS = {"students": 0, "left": 0, "M": 0, "F": 0}
