"""Reads of attendance marks, scoped by the acting user's policy."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, QuerySet

from qinfo.attendance.models import DAILY, AttendanceMark
from qinfo.attendance.policies import attendance_policy
from qinfo.core.queries import where_given


def attendance_list(
    *,
    user: Any,
    student_id: int | None = None,
    classroom_id: int | None = None,
    school_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    status: str | None = None,
) -> QuerySet[AttendanceMark]:
    rows = where_given(
        attendance_policy.rows(user),
        student_id=student_id,
        classroom_id=classroom_id,
        school_id=school_id,
        date__gte=date_from,
        date__lte=date_to,
        status=status,
    )
    return rows.order_by("date", "student_id", "period")


def attendance_counts_by_year(*, user: Any, student_id: int) -> dict[int, dict[str, int]]:
    """Daily marks of one child per academic year (BE) and status code, as far as the user
    may see them."""
    rows = (
        attendance_policy.rows(user)
        .filter(student_id=student_id, period=DAILY)
        .values("classroom__academic_year__year_be", "status")
        .annotate(n=Count("id"))
    )
    years: dict[int, dict[str, int]] = {}
    for row in rows:
        years.setdefault(row["classroom__academic_year__year_be"], {})[row["status"]] = row["n"]
    return years
