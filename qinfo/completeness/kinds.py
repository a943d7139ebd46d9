"""The kinds of entry whose completeness is followed, each one small definition.

A kind answers two questions for a Frame (docs/definitions.md §14):
- ``tally(frame)``: expected and entered entries per (school, month in which they fell due);
- ``units(frame, narrow, mode)`` (kinds kept per class or course): one row per class or course and
  period, with what is expected and entered, which is what "still to enter" lists.
Everything is counted in the database with aggregate queries: never one row per student in Python.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from qinfo.assessment.models import CourseResult
from qinfo.attendance.models import AttendanceMark
from qinfo.care.models import HomeVisit
from qinfo.completeness.calendar import YearCalendar, enrolled_on, month_of
from qinfo.completeness.frame import Frame, Narrow, Tally
from qinfo.enrolment.models import Enrolment
from qinfo.organisations.models import Classroom, Course
from qinfo.wellbeing.models import HealthMeasurement, SdqForm, SdqScreening

Cells = dict[tuple[int, dt.date], Tally]
#: "due": only periods whose due date has passed (the month table); "open": every period that
#: has begun (still to enter, overdue or not).
Mode = Literal["due", "open"]


@dataclass(frozen=True)
class Unit:
    """One class (or course) and period: what it should have and what it has."""

    kind: str
    school_id: int
    classroom_id: int
    due: dt.date
    tally: Tally
    course_id: int | None = None


class Kind(Protocol):
    code: str
    label: Promise

    def tally(self, frame: Frame) -> Cells: ...


def count_of(rows: QuerySet[Any], group: str) -> Coalesce:
    """The number of distinct students in a correlated subquery grouped by one outer key."""
    counted = rows.order_by().values(group).annotate(n=Count("student_id", distinct=True))
    return Coalesce(Subquery(counted.values("n")[:1], output_field=IntegerField()), 0)


def tally_of(row: dict[str, Any]) -> Tally:
    return Tally(row["expected"], row["entered"])


def tally_units(units: list[Unit]) -> Cells:
    cells: Cells = defaultdict(Tally)
    for unit in units:
        cells[(unit.school_id, month_of(unit.due))] += unit.tally
    return dict(cells)


# Attendance -------------------------------------------------------------------------------------
class DailyAttendance:
    """One daily mark (period 0) per student enrolled in the school, per school day up to today."""

    code = "attendance"
    label = _("Attendance")

    def expected(self, frame: Frame) -> dict[tuple[int, dt.date], int]:
        """Students enrolled per (school, school day): enrolments are grouped by their dates,
        and each distinct span is spread over the school days it covers."""
        found: dict[tuple[int, dt.date], int] = defaultdict(int)
        for cal in frame.calendars:
            days = frame.school_days(cal)
            if not days:
                continue
            spans = (
                Enrolment.objects.filter(
                    academic_year=cal.year, school_id__in=frame.schools_of(cal)
                )
                .values("school_id", "start_date", "end_date")
                .annotate(n=Count("id"))
                .order_by()
            )
            # A difference array per school: +n where a span starts, -n after it ends.
            size = len(days) + 1
            steps: dict[int, list[int]] = defaultdict(lambda: [0] * size)  # noqa: B023
            for span in spans:
                first = bisect_left(days, span["start_date"])
                after = bisect_right(days, span["end_date"]) if span["end_date"] else len(days)
                if first < after:
                    steps[span["school_id"]][first] += span["n"]
                    steps[span["school_id"]][after] -= span["n"]
            for school_id, step in steps.items():
                running = 0
                for index, day in enumerate(days):
                    running += step[index]
                    if running:
                        found[(school_id, day)] = running
        return found

    @staticmethod
    def daily_marks(
        school_ids: list[int], first: dt.date, last: dt.date
    ) -> dict[tuple[int, dt.date], int]:
        """Daily marks per (school, date), counted as all marks less the period marks.

        All marks of a school and date are counted from the (school, date) index alone; filtering
        on the period would read every row (about ten times slower at city scale). A period mark
        always names its course and a daily mark never does (the roll-call service), and the
        few period marks are counted from the partial index on course.
        """
        marks = AttendanceMark.objects.filter(date__gte=first, date__lte=last)
        counts: dict[tuple[int, dt.date], int] = defaultdict(int)
        every = marks.filter(school_id__in=school_ids).values("school_id", "date")
        for row in every.annotate(n=Count("*")).order_by():
            counts[(row["school_id"], row["date"])] += row["n"]
        periods = marks.filter(course__isnull=False, course__classroom__school_id__in=school_ids)
        by_school = periods.values("course__classroom__school_id", "date")
        for row in by_school.annotate(n=Count("*")).order_by():
            counts[(row["course__classroom__school_id"], row["date"])] -= row["n"]
        return counts

    def tally(self, frame: Frame) -> Cells:
        expected = self.expected(frame)
        cells: Cells = defaultdict(Tally)
        for cal in frame.calendars:
            days = frame.school_days(cal)
            if not days:
                continue
            entered = self.daily_marks(frame.schools_of(cal), days[0], days[-1])
            for (school_id, day), n in expected.items():
                if frame.school_network[school_id] != cal.year.network_id:
                    continue
                # A mark needs an enrolment on its day (the roll-call service checks it), so the
                # cap only matters for a child counted twice on the day they changed class.
                got = min(entered.get((school_id, day), 0), n)
                cells[(school_id, month_of(day))] += Tally(n, got)
        return dict(cells)


# Grades -----------------------------------------------------------------------------------------
#: A result counts as entered when it has a grade or a special mark (ร, มส, ผ, มผ).
RESULT_ENTERED = Q(grade__isnull=False) | ~Q(special_mark="")


class CourseResults:
    """One result per student enrolled in a course's class on the last day of its term, for
    every course whose term has ended."""

    code = "grades"
    label = _("Grades")

    def units(self, frame: Frame, narrow: Narrow, mode: Mode = "due") -> list[Unit]:
        units: list[Unit] = []
        for cal in frame.calendars:
            ended = cal.ended_terms(frame.today)
            if not ended:
                continue
            courses = Course.objects.filter(
                term__in=ended, classroom__school_id__in=frame.schools_of(cal)
            )
            if narrow.teacher_user_id is not None:
                courses = courses.filter(teacher__user_id=narrow.teacher_user_id)
            elif narrow.classroom_ids is not None:
                courses = courses.filter(classroom_id__in=narrow.classroom_ids)
            # Expected: students per class on each term's last day (one grouped query per term).
            expected: dict[tuple[int, int], int] = {}
            for term in ended:
                per_class = (
                    Enrolment.objects.filter(
                        academic_year=cal.year, school_id__in=frame.schools_of(cal)
                    )
                    .filter(enrolled_on(term.end_date))
                    .values("classroom_id")
                    .annotate(n=Count("student_id", distinct=True))
                    .order_by()
                )
                expected |= {(row["classroom_id"], term.pk): row["n"] for row in per_class}
            # Entered: per course, those students with a result that has a grade or a mark.
            enrolled = Enrolment.objects.filter(classroom_id=OuterRef("classroom_id")).filter(
                enrolled_on(OuterRef("term__end_date"))
            )
            result = CourseResult.objects.filter(
                RESULT_ENTERED,
                student_id=OuterRef("student_id"),
                course_id=OuterRef(OuterRef("pk")),
            )
            rows = courses.annotate(
                entered=count_of(enrolled.filter(Exists(result)), "classroom_id")
            ).values("pk", "classroom_id", "classroom__school_id", "term_id", "term__end_date",
                     "entered")  # fmt: skip
            units += [
                Unit(
                    self.code,
                    row["classroom__school_id"],
                    row["classroom_id"],
                    row["term__end_date"],
                    Tally(expected.get((row["classroom_id"], row["term_id"]), 0), row["entered"]),
                    course_id=row["pk"],
                )
                for row in rows
            ]
        return units

    def tally(self, frame: Frame) -> Cells:
        return tally_units(self.units(frame, Narrow()))


# One entry per student per term or per year ----------------------------------------------------
@dataclass(frozen=True)
class PerStudentPeriod:
    """At least one entry per student enrolled in a class, per term or per year.

    A term's entries are due on the term's last day; a year's on the last day of its first term
    (screening and home visits belong to the start of the year), though an entry made any time in
    the year counts. Who is expected: the students enrolled in the class on the due date, or today
    while the period is still open.
    """

    code: str
    label: Promise
    #: The rows that count (a callable, so that the model is looked up when asked).
    entries: Callable[[], QuerySet[Any]]
    date_field: str
    per: Literal["term", "year"]
    student_field: str = "student_id"

    def periods(self, cal: YearCalendar) -> list[tuple[dt.date, dt.date, dt.date]]:
        """(first day, last day, due date) of each period of the year."""
        if not cal.terms:
            return []
        if self.per == "term":
            return [(t.start_date, t.end_date, t.end_date) for t in cal.terms]
        return [(cal.year.start_date, cal.year.end_date, cal.terms[0].end_date)]

    def units(self, frame: Frame, narrow: Narrow, mode: Mode = "due") -> list[Unit]:
        units: list[Unit] = []
        for cal in frame.calendars:
            classrooms = Classroom.objects.filter(
                academic_year=cal.year, school_id__in=frame.schools_of(cal)
            )
            if narrow.classroom_ids is not None:
                classrooms = classrooms.filter(pk__in=narrow.classroom_ids)
            for start, end, due in self.periods(cal):
                if (mode == "due" and due >= frame.today) or start > frame.today:
                    continue
                enrolled = Enrolment.objects.filter(classroom_id=OuterRef("pk")).filter(
                    enrolled_on(min(due, frame.today))
                )
                entry = self.entries().filter(
                    **{
                        self.student_field: OuterRef("student_id"),
                        f"{self.date_field}__gte": start,
                        f"{self.date_field}__lte": end,
                    }
                )
                rows = classrooms.annotate(
                    expected=count_of(enrolled, "classroom_id"),
                    entered=count_of(enrolled.filter(Exists(entry)), "classroom_id"),
                ).values("pk", "school_id", "expected", "entered")
                units += [Unit(self.code, r["school_id"], r["pk"], due, tally_of(r)) for r in rows]
        return units

    def tally(self, frame: Frame) -> Cells:
        return tally_units(self.units(frame, Narrow()))


ATTENDANCE = DailyAttendance()
GRADES = CourseResults()
HEALTH = PerStudentPeriod(
    "health", _("Health measurements"), HealthMeasurement.objects.all, "date", "term"
)
SDQ = PerStudentPeriod(
    "sdq",
    _("SDQ (teacher form)"),
    lambda: SdqScreening.objects.filter(form=SdqForm.TEACHER),
    "date",
    "year",
)
HOME_VISITS = PerStudentPeriod(
    "home_visits", _("Home visits"), HomeVisit.objects.all, "date", "year"
)
#: Every kind, in the order pages show them.
KINDS: list[Any] = [ATTENDANCE, GRADES, HEALTH, SDQ, HOME_VISITS]
#: The kinds kept per class or course, which "still to enter" lists.
UNIT_KINDS: list[Any] = [GRADES, HEALTH, SDQ, HOME_VISITS]
