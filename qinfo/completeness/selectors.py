"""Completeness as a user may see it: frames are built only from the schools the user reaches.

- ``month_table``: per month of a year, the share of expected entries entered, per kind;
- ``still_to_enter``: the roll calls not yet taken and the classes and courses with entries
  missing, for one person's share of the work (``Narrow``);
- ``network_summary``: one row per school: today's roll call and the year so far, per kind.
No figure here names a child.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from qinfo.completeness.calendar import month_of
from qinfo.completeness.frame import EVERYTHING, Frame, Narrow, Tally, frame_for
from qinfo.completeness.kinds import KINDS, UNIT_KINDS, Cells, Unit
from qinfo.completeness.rollcall import RollCallDay, roll_call_days
from qinfo.organisations.models import Classroom, Course, School
from qinfo.organisations.policies import school_policy
from qinfo.organisations.scope import scope_for


def schools_of(user: Any) -> QuerySet[School]:
    return school_policy.rows(user)


def user_frame(
    user: Any,
    year_be: int,
    today: dt.date,
    schools: QuerySet[School],
    since: dt.date | None = None,
) -> Frame:
    """A frame over the given schools, never wider than what the user may see."""
    return frame_for(schools & schools_of(user), year_be, today, since)


# The month table ---------------------------------------------------------------------------------
@dataclass
class MonthRow:
    month: dt.date
    cells: list[Tally | None]


@dataclass
class MonthTable:
    kinds: list[Any]
    rows: list[MonthRow]
    totals: list[Tally]


def _months(frame: Frame) -> list[dt.date]:
    months: set[dt.date] = set()
    for cal in frame.calendars:
        day = month_of(cal.year.start_date)
        last = min(cal.year.end_date, frame.today)
        while day <= last:
            months.add(day)
            day = (day + dt.timedelta(days=32)).replace(day=1)
    return sorted(months)


def all_cells(frame: Frame) -> list[Cells]:
    return [kind.tally(frame) for kind in KINDS]


def month_table(frame: Frame, cells: list[Cells] | None = None) -> MonthTable:
    """Rows per month, summed over the frame's schools; a cell is None when nothing fell due."""
    cells = cells if cells is not None else all_cells(frame)
    by_month: list[dict[dt.date, Tally]] = []
    for kind_cells in cells:
        summed: dict[dt.date, Tally] = defaultdict(Tally)
        for (_, month), tally in kind_cells.items():
            summed[month] += tally
        by_month.append(summed)
    rows = [
        MonthRow(month, [summed.get(month) if month in summed else None for summed in by_month])
        for month in _months(frame)
    ]
    totals = [sum(summed.values(), Tally()) for summed in by_month]
    return MonthTable(list(KINDS), rows, totals)


# Still to enter ----------------------------------------------------------------------------------
@dataclass
class Gap:
    """A class or course with entries missing."""

    kind: Any
    unit: Unit
    classroom: Classroom
    course: Course | None = None


@dataclass
class StillToEnter:
    roll_calls: list[RollCallDay] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.gaps and not any(day.missing for day in self.roll_calls)


def still_to_enter(frame: Frame, narrow: Narrow = EVERYTHING) -> StillToEnter:
    """Roll calls not taken on the latest school day and, for every period that has begun in the
    frame's year, the classes and courses with fewer entries than expected."""
    units = [
        (kind, unit)
        for kind in UNIT_KINDS
        for unit in kind.units(frame, narrow, "open")
        if unit.tally.missing > 0
    ]
    classrooms = Classroom.objects.in_bulk({unit.classroom_id for _, unit in units})
    courses = Course.objects.select_related("subject", "teacher").in_bulk(
        {unit.course_id for _, unit in units if unit.course_id}
    )
    gaps = [
        Gap(kind, unit, classrooms[unit.classroom_id], courses.get(unit.course_id or 0))
        for kind, unit in units
    ]
    gaps.sort(key=lambda g: (g.unit.due, g.classroom.grade_level, g.classroom.room, g.kind.code))
    return StillToEnter(roll_call_days(frame, narrow), gaps)


def teacher_narrow(user: Any, frame: Frame) -> Narrow:
    """A teacher answers for the class-wide entries of their homeroom classes and for the
    results of the courses they teach."""
    scope = scope_for(user)
    homerooms = Classroom.objects.filter(
        pk__in=scope.classroom_ids,
        homeroom_teachers__user=user,
        academic_year_id__in=[cal.year.pk for cal in frame.calendars],
    ).values_list("pk", flat=True)
    return Narrow(classroom_ids=frozenset(homerooms), teacher_user_id=user.pk)


# The network -------------------------------------------------------------------------------------
@dataclass
class SchoolRow:
    school: School
    roll_call: RollCallDay | None
    totals: list[Tally]


def network_summary(frame: Frame, schools: list[School]) -> list[SchoolRow]:
    """Per school: the latest school day's roll call and each kind over the year so far
    (attendance: from the frame's ``since``, this month on the network page)."""
    cells = all_cells(frame)
    calls = {day.network_id: day for day in roll_call_days(frame, EVERYTHING)}
    rows = []
    for school in schools:
        day = calls.get(school.network_id)
        call = day.of_school(school.pk) if day is not None else None
        totals = [
            sum((t for (s, _), t in kind_cells.items() if s == school.pk), Tally())
            for kind_cells in cells
        ]
        rows.append(SchoolRow(school, call, totals))
    return rows
