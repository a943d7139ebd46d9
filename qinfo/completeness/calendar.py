"""The school days of academic years, read once from their stored terms and non-school days.

A school day (docs/definitions.md §2) is a weekday inside a term of the year that is not a
recorded non-school day. Completeness needs every school day of a year at once, so it reads the
terms and the non-school days of all the years it reports on in two queries.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from qinfo.organisations.models import AcademicYear, NonSchoolDay, Term


def enrolled_on(day: object, prefix: str = "") -> Q:
    """Enrolments (or rows reached through ``prefix``) enrolled on a day (§1): the day may be a
    date or an expression such as ``OuterRef("term__end_date")``."""
    return Q(**{f"{prefix}start_date__lte": day}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


@dataclass(frozen=True)
class YearCalendar:
    year: AcademicYear
    terms: tuple[Term, ...]  # in order of number
    days: tuple[dt.date, ...]  # every school day of the year, in order

    def days_until(self, today: dt.date) -> tuple[dt.date, ...]:
        return self.days[: bisect_right(self.days, today)]

    def latest_school_day(self, today: dt.date) -> dt.date | None:
        """Today when it is a school day, else the last school day before it (None: none yet)."""
        passed = self.days_until(today)
        return passed[-1] if passed else None

    def ended_terms(self, today: dt.date) -> list[Term]:
        return [term for term in self.terms if term.end_date < today]


def calendars(years: Iterable[AcademicYear]) -> dict[int, YearCalendar]:
    """Each year's calendar, by year id (two queries whatever the number of years)."""
    years = list(years)
    ids = [year.pk for year in years]
    terms: dict[int, list[Term]] = {pk: [] for pk in ids}
    for term in Term.objects.filter(academic_year_id__in=ids).order_by("number"):
        terms[term.academic_year_id].append(term)
    closed: set[tuple[int, dt.date]] = set(
        NonSchoolDay.objects.filter(academic_year_id__in=ids).values_list(
            "academic_year_id", "date"
        )
    )
    found = {}
    for year in years:
        days: set[dt.date] = set()
        for term in terms[year.pk]:
            day = term.start_date
            while day <= term.end_date:
                if day.weekday() < 5 and (year.pk, day) not in closed:
                    days.add(day)
                day += dt.timedelta(days=1)
        found[year.pk] = YearCalendar(year, tuple(terms[year.pk]), tuple(sorted(days)))
    return found
