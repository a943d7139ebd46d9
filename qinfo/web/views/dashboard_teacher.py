"""The teacher's dashboard (docs/definitions.md §23): what a teacher needs on a phone between two
lessons, on one page.

- My classes today: each homeroom class (the daily roll call) and each course of the running term
  the teacher teaches, with whether today's roll call is taken (the daily marks of the class, or
  the periods taken when the school records period attendance);
- my students at risk with the reasons: the watchlist (qinfo.alerts.selectors) narrowed to the
  classes the teacher teaches;
- what I still have to enter: completeness narrowed to the teacher's share of the work;
- my homeroom class's attendance over the last weeks, week by week.

Everything is read through the existing selectors and policies; the page lists only children of
the teacher's own classes, so it shows a subset of the children the teacher may see. Anyone else
signed in gets the page with a short message. The number of SQL statements does not grow with
the number of classes or children (tests/dashboards/test_teacher.py).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qinfo.alerts.selectors import WatchRow
from qinfo.attendance.models import DAILY, AttendanceMark, attendance_rate
from qinfo.attendance.selectors import period_roll_calls_taken, roll_calls_taken
from qinfo.completeness.calendar import YearCalendar
from qinfo.completeness.frame import Frame
from qinfo.completeness.selectors import (
    StillToEnter,
    schools_of,
    still_to_enter,
    teacher_narrow,
    user_frame,
)
from qinfo.core.dates import format_be_date
from qinfo.organisations.models import Classroom, Course
from qinfo.organisations.policies import classroom_policy
from qinfo.riskmodel.rules import RANK
from qinfo.web.common import Viewer, current_year_be
from qinfo.web.dashcharts import Chart, Series, chart_download
from qinfo.web.registry import shows
from qinfo.web.views.dashboards import dashboard_watchlist
from qinfo.web.views.rollcall import _enrolled_counts as enrolled_counts

#: How many children at risk the page lists (the rest are on the watchlist): a phone's screenful.
SHOWN_AT_RISK = 20
#: How many school weeks the homeroom attendance chart goes back (this week included).
WEEKS = 8


@dataclass
class TodayClass:
    """One class the teacher has today: a homeroom class (its daily roll call) or a course."""

    classroom: Classroom
    course: Course | None
    enrolled: int
    school_day: bool
    #: Daily marks saved today for the class (None: no daily roll call yet).
    taken: int | None
    #: Periods taken today in the course (schools that record period attendance).
    periods: list[int] = field(default_factory=list)

    @property
    def by_period(self) -> bool:
        return self.course is not None and self.classroom.school.period_attendance

    @property
    def done(self) -> bool:
        return bool(self.periods) if self.by_period else self.taken is not None

    @property
    def url(self) -> str:
        url = reverse("web:roll_call", args=[self.classroom.pk])
        return f"{url}?course={self.course.pk}" if self.by_period and self.course else url


@dataclass
class WeekRow:
    """One week of the homeroom attendance chart: the rate (a fraction 0..1) per homeroom class
    (None: no mark)."""

    monday: dt.date
    label: str
    rates: list[float | None]


@dataclass
class HomeroomWeeks:
    classrooms: list[Classroom]
    weeks: list[WeekRow]


def _is_homeroom(classroom: Classroom, user: Any) -> bool:
    return any(t.user_id == user.pk for t in classroom.homeroom_teachers.all())


def running_classrooms(user: Any, ids: frozenset[int], today: dt.date) -> list[Classroom]:
    """The teacher's classes in academic years running today."""
    return list(
        classroom_policy.rows(user)
        .filter(
            pk__in=ids, academic_year__start_date__lte=today, academic_year__end_date__gte=today
        )
        .select_related("school")
        .prefetch_related("homeroom_teachers")
        .order_by("school__name_th", "grade_level", "room")
    )


def classes_today(
    user: Any, classrooms: list[Classroom], frame: Frame, today: dt.date
) -> list[TodayClass]:
    """Homeroom classes first, then the courses of the running term, with today's roll call."""
    by_pk = {c.pk: c for c in classrooms}
    courses = list(
        Course.objects.filter(
            teacher__user=user,
            classroom_id__in=list(by_pk),
            term__start_date__lte=today,
            term__end_date__gte=today,
        )
        .select_related("subject")
        .order_by("classroom__grade_level", "classroom__room", "subject__code")
    )
    taken = roll_calls_taken(list(by_pk), today)
    periods = period_roll_calls_taken([c.pk for c in courses], today)
    enrolled = enrolled_counts(list(by_pk), today)

    def school_day(classroom: Classroom) -> bool:
        if classroom.school_id not in frame.school_network:
            return False
        cal = frame.calendar_of(classroom.school_id)
        return cal is not None and today in cal.days

    def row(classroom: Classroom, course: Course | None) -> TodayClass:
        return TodayClass(
            classroom=classroom,
            course=course,
            enrolled=enrolled.get(classroom.pk, 0),
            school_day=school_day(classroom),
            taken=taken.get(classroom.pk),
            periods=periods.get(course.pk, []) if course else [],
        )

    rows = [row(c, None) for c in classrooms if _is_homeroom(c, user)]
    rows += [row(by_pk[course.classroom_id], course) for course in courses]
    return rows


def _weeks_of(cal: YearCalendar | None, today: dt.date) -> set[dt.date]:
    """The Mondays of the weeks of the year with a school day up to today."""
    days = cal.days_until(today) if cal else ()
    return {d - dt.timedelta(days=d.weekday()) for d in days}


def homeroom_weeks(homerooms: list[Classroom], frame: Frame, today: dt.date) -> HomeroomWeeks:
    """The daily-attendance rate (docs/definitions.md §7) of each homeroom class, week by week,
    over the last WEEKS weeks that had school days (holidays skipped). One query."""
    mondays: set[dt.date] = set()
    for classroom in homerooms:
        if classroom.school_id in frame.school_network:
            mondays.update(_weeks_of(frame.calendar_of(classroom.school_id), today))
    mondays = set(sorted(mondays)[-WEEKS:])
    if not homerooms or not mondays:
        return HomeroomWeeks(homerooms, [])
    rows = (
        AttendanceMark.objects.filter(
            classroom_id__in=[c.pk for c in homerooms],
            period=DAILY,
            date__gte=min(mondays),
            date__lte=today,
        )
        .values("classroom_id", "date", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[tuple[int, dt.date], dict[str, int]] = defaultdict(dict)
    for row in rows:
        week = counts[(row["classroom_id"], row["date"] - dt.timedelta(days=row["date"].weekday()))]
        week[row["status"]] = week.get(row["status"], 0) + row["n"]
    weeks = [
        WeekRow(
            monday,
            format_be_date(monday),
            [_fraction(attendance_rate(counts.get((c.pk, monday), {}))) for c in homerooms],
        )
        for monday in sorted(mondays)
    ]
    return HomeroomWeeks(homerooms, weeks)


def _fraction(percent: float | None) -> float | None:
    return None if percent is None else percent / 100


def students_at_risk(
    user: Any, classroom_ids: frozenset[int], homeroom_ids: set[int]
) -> tuple[dt.date | None, list[WatchRow]]:
    """The watchlist (latest day's scores at risk or problem) of the teacher's own classes:
    problems first, and within a level the children of the teacher's homeroom class first."""
    found = dashboard_watchlist(user)
    rows = [row for row in found.rows if row.classroom_id in classroom_ids]
    rows.sort(key=lambda r: (-RANK[r.level], r.classroom_id not in homeroom_ids))
    return found.as_of, rows


def attendance_chart(weeks: HomeroomWeeks) -> Chart:
    return Chart(
        id="homeroom-attendance",
        title=_("Attendance of my homeroom class, week by week"),
        kind="line",
        categories=[week.label for week in weeks.weeks],
        series=[
            Series(
                classroom.name,
                [w.rates[i] for w in weeks.weeks],
            )
            for i, classroom in enumerate(weeks.classrooms)
        ],
        unit="rate",
        caption=_("Daily roll call: days present, late or at an activity over days marked."),
        category_label=_("Week of"),
    )


@shows("student_subset")
@login_required
def teacher_dashboard(request: HttpRequest) -> HttpResponse:
    viewer = Viewer.of(request)
    scope, user = viewer.scope, viewer.user
    today = timezone.localdate()
    context: dict[str, Any] = {"viewer": viewer, "today": today, "teacher": False}
    if viewer.deidentified or not scope.classroom_ids:
        return render(request, "web/dashboards/teacher.html", context)
    visible = schools_of(user).filter(pk__in=scope.teacher_school_ids)
    year_be = current_year_be(visible.values_list("network_id", flat=True), today)
    classrooms = running_classrooms(user, scope.classroom_ids, today)
    frame = user_frame(user, year_be or 0, today, visible)
    homerooms = [c for c in classrooms if _is_homeroom(c, user)]
    chart = attendance_chart(homeroom_weeks(homerooms, frame, today))
    if (download := chart_download(request, [chart])) is not None:
        return download
    as_of, at_risk = students_at_risk(user, scope.classroom_ids, {c.pk for c in homerooms})
    todo: StillToEnter | None = (
        still_to_enter(frame, teacher_narrow(user, frame)) if year_be is not None else None
    )
    today_rows = classes_today(user, classrooms, frame, today)
    context.update(
        teacher=True,
        year=year_be,
        classes=today_rows,
        waiting=sum(1 for r in today_rows if r.school_day and not r.done),
        any_school_day=any(r.school_day for r in today_rows),
        as_of=as_of,
        at_risk=at_risk[:SHOWN_AT_RISK],
        at_risk_total=len(at_risk),
        todo=todo,
        past_roll_calls=[d for d in todo.roll_calls if d.missing and not d.is_today]
        if todo
        else [],
        homerooms=homerooms,
        chart=chart,
    )
    return render(request, "web/dashboards/teacher.html", context)
