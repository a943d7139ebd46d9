"""What a completeness report covers: some schools, one academic year, as of one day.

The year is named by its Buddhist Era number; each school reports on that year of its own network
(years and terms are stored per network). ``Narrow`` limits a report to one person's work: the
classrooms they answer for and the courses they teach.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from qinfo.completeness.calendar import YearCalendar, calendars
from qinfo.organisations.models import AcademicYear, School


@dataclass(frozen=True)
class Tally:
    """How many entries were expected and how many of them are entered."""

    expected: int = 0
    entered: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.expected + other.expected, self.entered + other.entered)

    @property
    def missing(self) -> int:
        return self.expected - self.entered

    @property
    def share(self) -> float | None:
        """Percent entered; None when nothing was expected."""
        return 100.0 * self.entered / self.expected if self.expected else None

    @property
    def level(self) -> str:
        """ "full" (everything entered), "mid" (80% or more) or "low": how a page colours it."""
        if self.entered >= self.expected:
            return "full"
        return "mid" if 5 * self.entered >= 4 * self.expected else "low"


@dataclass(frozen=True)
class Frame:
    today: dt.date
    year_be: int
    school_ids: tuple[int, ...]
    #: The calendar of the year of each network that has one, by network id.
    by_network: dict[int, YearCalendar]
    school_network: dict[int, int]
    #: The first day whose daily marks are counted (None: the start of the year). The network
    #: summary counts this month's only: a whole city's year is millions of marks.
    since: dt.date | None = None

    def school_days(self, calendar: YearCalendar) -> tuple[dt.date, ...]:
        """The school days of a calendar from ``since`` up to today."""
        days = calendar.days_until(self.today)
        return days if self.since is None else tuple(d for d in days if d >= self.since)

    @property
    def calendars(self) -> list[YearCalendar]:
        return list(self.by_network.values())

    def calendar_of(self, school_id: int) -> YearCalendar | None:
        return self.by_network.get(self.school_network[school_id])

    def schools_of(self, calendar: YearCalendar) -> list[int]:
        network = calendar.year.network_id
        return [pk for pk in self.school_ids if self.school_network[pk] == network]


@dataclass(frozen=True)
class Narrow:
    """One person's share of the work; None means all of it in the frame's schools.

    ``classroom_ids``: the classes whose class-wide entries they answer for (roll call, health,
    SDQ, home visits). ``teacher_user_id``: the user whose courses' results they answer for; when
    given, it alone chooses the courses.
    """

    classroom_ids: frozenset[int] | None = None
    teacher_user_id: int | None = None


EVERYTHING = Narrow()


def frame_for(
    schools: Iterable[School], year_be: int, today: dt.date, since: dt.date | None = None
) -> Frame:
    schools = list(schools)
    networks = {school.network_id for school in schools}
    years = AcademicYear.objects.filter(network_id__in=networks, year_be=year_be)
    found = calendars(years)
    return Frame(
        today=today,
        year_be=year_be,
        school_ids=tuple(school.pk for school in schools),
        by_network={cal.year.network_id: cal for cal in found.values()},
        school_network={school.pk: school.network_id for school in schools},
        since=since,
    )
