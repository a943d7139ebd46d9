"""Everything the child's page (and its PDF) shows, gathered once: docs/definitions.md §13.

Each part reads through the policy or selector of its domain for the acting user. The number of
queries is fixed: it does not grow with the years of a child's history (tests/web/
test_child_page_queries.py holds it to a budget).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from qinfo.core.dates import academic_year_of
from qinfo.enrolment.models import EnrolmentStatus
from qinfo.people.models import Student
from qinfo.web import charts, child_sections, record
from qinfo.web.child_calendar import term_calendar
from qinfo.web.child_sections import Event
from qinfo.web.common import Viewer
from qinfo.web.present import student_profile


@dataclass
class TimelineYear:
    year_be: int
    enrolments: list[record.EnrolmentItem] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


def enrolment_events(items: list[record.EnrolmentItem]) -> list[Event]:
    """Admissions, moves between schools, repeated grades and exits, from the enrolments (a
    plain move up to the next grade is shown by the year's placement alone)."""
    events: list[Event] = []
    previous: record.EnrolmentItem | None = None
    for e in items:
        where = f"{e.classroom} · {e.school}"
        if previous is None:
            events.append(Event(e.start, "admitted", _("Admitted"), where))
        elif previous.school != e.school:
            events.append(Event(e.start, "moved", _("Moved in from another school"), where))
        elif previous.status_code == EnrolmentStatus.REPEATING:
            events.append(Event(e.start, "repeating", _("Repeats the grade"), where))
        if e.end is not None and e.status_code not in (
            EnrolmentStatus.ACTIVE,
            EnrolmentStatus.PROMOTED,
        ):
            detail = e.exit_reason
            if e.destination:
                detail = f"{detail} · {_('To')}: {e.destination}" if detail else e.destination
            events.append(Event(e.end, e.status_code, e.status, detail))
        previous = e
    return events


def timeline_years(items: list[record.EnrolmentItem], events: list[Event]) -> list[TimelineYear]:
    """Enrolments and events grouped by the academic year they fall in, oldest first."""
    years: dict[int, TimelineYear] = {}
    for e in items:
        years.setdefault(e.year_be, TimelineYear(e.year_be)).enrolments.append(e)
    spans = [(e.start, e.end, e.year_be) for e in items]
    for event in sorted(events, key=lambda ev: ev.date):
        year = next(
            (
                y
                for start, end, y in spans
                if start <= event.date and (end is None or event.date <= end)
            ),
            None,
        )
        if year is None:  # between years or before the first: the academic year of the date
            year = academic_year_of(event.date)
        years.setdefault(year, TimelineYear(year)).events.append(event)
    return [years[y] for y in sorted(years)]


def gpa_chart(terms: list[record.TermResults]) -> Any:
    graded = [t for t in terms if t.gpa is not None]
    if not graded:
        return None
    short = len(graded) > 6
    points = [charts.Point(i, float(t.gpa or 0), f"{t.gpa:.2f}") for i, t in enumerate(graded)]
    names = [f"{t.number}/{t.year_be % 100}" if short else t.term for t in graded]
    return charts.line_chart(
        title=_("GPA per term"),
        series=[charts.Series(_("GPA"), points)],
        x=charts.Axis(-0.5, len(graded) - 0.5, list(enumerate(names))),
        y=charts.Axis(0, 4.4, [(v, str(v)) for v in range(5)]),
        bands=[charts.Band(3, 4.4, _("3 and above"))],
    )


def build(request: HttpRequest, viewer: Viewer, student: Student) -> dict[str, Any]:
    """The context of templates web/student_detail.html and web/child/pdf.html."""
    user, hidden = viewer.user, viewer.deidentified
    language = (get_language() or "th")[:2]
    profile = student_profile(student, deidentified=hidden)
    enrolments = record.enrolment_timeline(user, student, deidentified=hidden)
    if enrolments:
        latest = enrolments[-1]
        profile.placement = f"{latest.classroom} · {latest.school} · {latest.year_be}"
        profile.status, profile.status_code = latest.status, latest.status_code
    terms = record.results_by_term(user, student)
    current = None
    if enrolments:
        latest = enrolments[-1]
        current = (latest.classroom_id, latest.status_code == EnrolmentStatus.ACTIVE)
    care = child_sections.gather(
        user, student, deidentified=hidden, language=language, current=current
    )
    events = enrolment_events(enrolments) + care.events
    return {
        "viewer": viewer,
        "student_id": student.pk,
        "profile": profile,
        "merged_into": student.merged_into_id,
        "has_photo": bool(student.photo) and not hidden,
        "timeline": enrolments,
        "years": timeline_years(enrolments, events),
        "attendance": record.attendance_by_year(user, student),
        "calendar": term_calendar(
            user,
            student.pk,
            [(e.academic_year_id, e.start, e.end) for e in enrolments],
            request.GET.get("term", ""),
            language,
        ),
        "terms": terms,
        "gpa_chart": gpa_chart(terms),
        "guardians": record.guardians(student, deidentified=hidden),
        "household": record.household_summary(student, deidentified=hidden),
        "care": care,
    }
