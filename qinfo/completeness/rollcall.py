"""Which classes have not taken the daily roll call (period 0) of the latest school day.

The day checked is today when today is a school day, else the last school day before it, so that
on a Saturday a director still sees Friday's gaps. A class is checked when at least one student
is enrolled in it on that day; it has taken the roll call when it has at least one daily mark on
that day (a roll call saves the whole class at once).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from qinfo.attendance.models import DAILY, AttendanceMark
from qinfo.completeness.calendar import enrolled_on
from qinfo.completeness.frame import Frame, Narrow
from qinfo.enrolment.models import Enrolment
from qinfo.organisations.models import Classroom


@dataclass
class RollCallDay:
    """The daily roll call of one network's latest school day."""

    network_id: int
    day: dt.date
    is_today: bool
    #: Classes with at least one student enrolled on the day, per school.
    checked_by_school: dict[int, int] = field(default_factory=dict)
    missing: list[Classroom] = field(default_factory=list)

    @property
    def checked(self) -> int:
        return sum(self.checked_by_school.values())

    @property
    def taken(self) -> int:
        return self.checked - len(self.missing)

    def of_school(self, school_id: int) -> RollCallDay:
        return RollCallDay(
            self.network_id,
            self.day,
            self.is_today,
            {school_id: self.checked_by_school.get(school_id, 0)},
            [c for c in self.missing if c.school_id == school_id],
        )


def roll_call_days(frame: Frame, narrow: Narrow) -> list[RollCallDay]:
    """One entry per network of the frame that has had a school day by today (one query each)."""
    found = []
    for cal in frame.calendars:
        day = cal.latest_school_day(frame.today)
        if day is None:
            continue
        classrooms = Classroom.objects.filter(
            academic_year=cal.year, school_id__in=frame.schools_of(cal)
        )
        if narrow.classroom_ids is not None:
            classrooms = classrooms.filter(pk__in=narrow.classroom_ids)
        students = Enrolment.objects.filter(classroom_id=OuterRef("pk")).filter(enrolled_on(day))
        marks = AttendanceMark.objects.filter(classroom_id=OuterRef("pk"), date=day, period=DAILY)
        rows = (
            classrooms.filter(Exists(students))
            .annotate(called=Exists(marks))
            .select_related("school")
            .prefetch_related("homeroom_teachers")
            .order_by("school__code", "grade_level", "room")
        )
        status = RollCallDay(cal.year.network_id, day, day == frame.today)
        for classroom in rows:
            by_school = status.checked_by_school
            by_school[classroom.school_id] = by_school.get(classroom.school_id, 0) + 1
            if not classroom.called:
                status.missing.append(classroom)
        found.append(status)
    return found
