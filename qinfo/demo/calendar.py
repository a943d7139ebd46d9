"""The demo's school calendar: academic years, terms, school days and public holidays.

Semester 1 runs from 16 May to about 10 October, semester 2 from 1 November to 31 March (each moved
to the nearest weekday inside it); weekends are off, and so are the Thai public holidays of the
`holidays` package, which become NonSchoolDay rows. School days of all years are numbered in one
sequence (the "day index"), which the attendance loader joins on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import holidays

from qinfo.core.dates import BE_OFFSET, academic_year_of


@dataclass
class TermPlan:
    number: int
    start: dt.date
    end: dt.date
    first_day: int = 0  # day index of the first school day
    last_day: int = 0  # day index of the last school day
    id: int = 0


@dataclass
class YearPlan:
    index: int  # 0 for the oldest year of the demo
    year_be: int
    start: dt.date
    end: dt.date
    terms: list[TermPlan]
    holidays: list[tuple[dt.date, str, str]] = field(default_factory=list)
    id: int = 0

    @property
    def first_day(self) -> int:
        return self.terms[0].first_day

    @property
    def last_day(self) -> int:
        return self.terms[-1].last_day


@dataclass
class Calendar:
    years: list[YearPlan]
    days: list[dt.date]  # every school day of every year, in order; the list index is the day index
    today: dt.date
    today_index: int  # the last school day on or before today (-1 before the first one)

    @property
    def current(self) -> YearPlan:
        return self.years[-1]

    def term_completed(self, term: TermPlan) -> bool:
        return term.end < self.today

    def year_completed(self, year: YearPlan) -> bool:
        return year is not self.current


def _weekday_on_or_after(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _weekday_on_or_before(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def _clip(text: str) -> str:
    return text if len(text) <= 200 else text[:199] + "…"


def build_calendar(today: dt.date, history_years: int) -> Calendar:
    current_be = academic_year_of(today)
    years: list[YearPlan] = []
    days: list[dt.date] = []
    for index, year_be in enumerate(range(current_be - history_years, current_be + 1)):
        ce = year_be - BE_OFFSET
        terms = [
            TermPlan(
                1,
                _weekday_on_or_after(dt.date(ce, 5, 16)),
                _weekday_on_or_before(dt.date(ce, 10, 10)),
            ),
            TermPlan(
                2,
                _weekday_on_or_after(dt.date(ce, 11, 1)),
                _weekday_on_or_before(dt.date(ce + 1, 3, 31)),
            ),
        ]
        thai = holidays.Thailand(years=[ce, ce + 1], language="th")
        english = holidays.Thailand(years=[ce, ce + 1], language="en_US")
        plan = YearPlan(index, year_be, dt.date(ce, 5, 16), dt.date(ce + 1, 5, 15), terms)
        for term in terms:
            term.first_day = len(days)
            day = term.start
            while day <= term.end:
                if day.weekday() < 5:
                    if day in thai:
                        plan.holidays.append(
                            (day, _clip(thai.get(day, "")), _clip(english.get(day, "")))
                        )
                    else:
                        days.append(day)
                day += dt.timedelta(days=1)
            term.last_day = len(days) - 1
        years.append(plan)
    today_index = -1
    for index, day in enumerate(days):
        if day > today:
            break
        today_index = index
    return Calendar(years=years, days=days, today=today, today_index=today_index)


def day_factors(days: list[dt.date], holiday_dates: set[dt.date]) -> list[float]:
    """How much more likely a child is to be away on each school day than on an ordinary one.

    The rainy season (June to September), Mondays and Fridays, and days next to a holiday or a
    break all see more absence in Thai schools.
    """
    factors = []
    for index, day in enumerate(days):
        factor = 1.0
        if 6 <= day.month <= 9:
            factor *= 1.15
        if day.weekday() in (0, 4):
            factor *= 1.15
        previous = days[index - 1] if index else None
        following = days[index + 1] if index + 1 < len(days) else None
        near_break = (previous is None or (day - previous).days > 3) or (
            following is None or (following - day).days > 3
        )
        near_holiday = (day - dt.timedelta(days=1)) in holiday_dates or (
            day + dt.timedelta(days=1)
        ) in holiday_dates
        if near_break or near_holiday:
            factor *= 1.25
        factors.append(factor)
    return factors
