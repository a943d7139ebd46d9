"""The attendance calendar of one child: one term at a time, a month grid of school weeks
(Monday to Friday), each day coloured AND labelled by its mark (docs/definitions.md §13).

Three queries whatever the child's history: the terms of the child's years, the term's daily
marks, the term's non-school days.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from qinfo.attendance.models import DAILY, AttendanceStatus, attendance_rate
from qinfo.attendance.selectors import attendance_list
from qinfo.core.dates import ENGLISH_MONTHS_SHORT, THAI_MONTHS_SHORT, be_year
from qinfo.organisations.models import NonSchoolDay, Term
from qinfo.web.charts import FONT_FAMILY

#: A word or two for each status, printed inside the day's cell (the colour is never alone).
SHORT = {
    AttendanceStatus.PRESENT: _("Pres."),
    AttendanceStatus.LATE: _("Late"),
    AttendanceStatus.SICK: _("Sick"),
    AttendanceStatus.LEAVE: _("Leave"),
    AttendanceStatus.ABSENT: _("Abs."),
    AttendanceStatus.ACTIVITY: _("Activ."),
}
WEEKDAYS = (_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"))


@dataclass
class Day:
    date: dt.date | None  # None: a blank cell before the first or after the last day of a month
    css: str = ""  # a-P … a-T for a mark; "off" outside the term or a holiday; "nomark"; "future"
    short: str = ""
    title: str = ""


@dataclass
class Month:
    name: str
    weeks: list[list[Day]]


@dataclass
class TermChoice:
    pk: int
    name: str
    current: bool


@dataclass
class TermCalendar:
    term: str
    choices: list[TermChoice]
    months: list[Month] = field(default_factory=list)
    #: (status code, label, short label, count) for the legend, every status listed.
    legend: list[tuple[str, str, str, int]] = field(default_factory=list)
    rate: float | None = None
    marked: int = 0
    weekdays: list[str] = field(default_factory=lambda: [str(d) for d in WEEKDAYS])

    @property
    def svg(self) -> SafeString:
        """The month grids drawn as one SVG, for the PDF: WeasyPrint lays out an SVG several
        times faster than a hundred table cells, and it reads the same."""
        return calendar_svg(self.months, self.weekdays)


def _month_name(year: int, month: int, language: str) -> str:
    names = ENGLISH_MONTHS_SHORT if language == "en" else THAI_MONTHS_SHORT
    return f"{names[month - 1]} {be_year(year)}"


def _months(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    months, (y, m) = [], (start.year, start.month)
    while (y, m) <= (end.year, end.month):
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def _pick(terms: list[Term], wanted: str, today: dt.date) -> Term:
    by_pk = {str(t.pk): t for t in terms}
    if wanted in by_pk:
        return by_pk[wanted]
    for term in terms:
        if term.start_date <= today <= term.end_date:
            return term
    begun = [t for t in terms if t.start_date <= today]
    return begun[-1] if begun else terms[0]


def term_calendar(
    user: Any,
    student_id: int,
    enrolled: list[tuple[int, dt.date, dt.date | None]],
    wanted: str,
    language: str,
) -> TermCalendar | None:
    """The calendar of the term asked for (``?term=<id>``), else of the term running today,
    else of the latest term begun; None when the child has no enrolment the user may see.
    ``enrolled``: (academic year id, start, end) of each of the child's enrolments."""
    if not enrolled:
        return None
    year_ids = {year for year, _s, _e in enrolled}
    terms = list(
        Term.objects.filter(academic_year_id__in=year_ids)
        .select_related("academic_year")
        .order_by("start_date")
    )
    if not terms:
        return None
    today = timezone.localdate()
    term = _pick(terms, wanted, today)
    marks = {
        row[0]: (row[1], row[2])
        for row in attendance_list(
            user=user, student_id=student_id, date_from=term.start_date, date_to=term.end_date
        )
        .filter(period=DAILY)
        .values_list("date", "status", "minutes_late")
    }
    holidays = dict(
        NonSchoolDay.objects.filter(
            academic_year_id=term.academic_year_id,
            date__gte=term.start_date,
            date__lte=term.end_date,
        ).values_list("date", "name_en" if language == "en" else "name_th")
    )
    result = TermCalendar(
        term=str(term),
        choices=[TermChoice(t.pk, str(t), t.pk == term.pk) for t in terms],
    )
    spans = [(a, b) for _y, a, b in enrolled]
    result.months = month_grids(
        term.start_date, term.end_date, marks, holidays, today, language, spans
    )
    counts = {s.value: 0 for s in AttendanceStatus}
    for status, _minutes in marks.values():
        counts[status] = counts.get(status, 0) + 1
    result.legend = [
        (s.value, str(s.label), str(SHORT[s]), counts[s.value]) for s in AttendanceStatus
    ]
    result.rate = attendance_rate(counts)
    result.marked = len(marks)
    return result


#: Fill and text colour of a day, by its CSS class (the same palette as child.css).
COLOURS = {
    "a-P": ("#d5efdf", "#14532d"),
    "a-L": ("#fbe7b0", "#6b4400"),
    "a-S": ("#d6e8f7", "#1d4f7a"),
    "a-E": ("#e4def7", "#45318a"),
    "a-A": ("#b42318", "#ffffff"),
    "a-T": ("#d2efed", "#115e59"),
    "off": ("#f0f3f7", "#8a93a3"),
    "off holiday": ("#f0f3f7", "#5d6678"),
    "nomark": ("#ffffff", "#5d6678"),
    "future": ("#ffffff", "#b8c0cc"),
}
CELL_W, CELL_H, GAP, PER_ROW = 34, 26, 2, 3
MONTH_W = 5 * (CELL_W + GAP) + 12


def calendar_svg(months: list[Month], weekdays: list[str]) -> SafeString:
    """Months side by side, three to a row: each day a box with its date and its word."""
    out, rows_h, y0 = [], 0, 0
    for i, month in enumerate(months):
        if i % PER_ROW == 0:
            y0 += rows_h
            rows_h = 0
        x0 = (i % PER_ROW) * MONTH_W
        out.append(f'<text x="{x0}" y="{y0 + 11}" font-weight="bold">{escape(month.name)}</text>')
        for c, name in enumerate(weekdays):
            out.append(
                f'<text x="{x0 + c * (CELL_W + GAP) + CELL_W / 2}" y="{y0 + 24}" '
                f'text-anchor="middle" fill="#5d6678" font-size="7">{escape(name)}</text>'
            )
        for r, week in enumerate(month.weeks):
            for c, day in enumerate(week):
                if day.date is None:
                    continue
                x, y = x0 + c * (CELL_W + GAP), y0 + 28 + r * (CELL_H + GAP)
                fill, ink = COLOURS.get(day.css, ("#ffffff", "#1d2433"))
                dash = ' stroke="#b8c0cc" stroke-dasharray="2 2"' if day.css == "nomark" else ""
                out.append(
                    f'<rect x="{x}" y="{y}" width="{CELL_W}" height="{CELL_H}" rx="3" '
                    f'fill="{fill}"{dash}/><text x="{x + 2}" y="{y + 9}" font-size="7" '
                    f'fill="{ink}">{day.date.day}</text>'
                )
                if day.short:
                    out.append(
                        f'<text x="{x + 2}" y="{y + 21}" font-size="7.5" font-weight="bold" '
                        f'fill="{ink}">{escape(day.short)}</text>'
                    )
        rows_h = max(rows_h, 32 + len(month.weeks) * (CELL_H + GAP))
    width, height = PER_ROW * MONTH_W, y0 + rows_h
    return mark_safe(  # every text above went through escape()
        f'<svg class="calendar" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" '
        f'font-size="9" font-family="{FONT_FAMILY}">{"".join(out)}</svg>'
    )


def month_grids(
    start: dt.date,
    end: dt.date,
    marks: dict[dt.date, tuple[str, int | None]],
    holidays: dict[dt.date, str],
    today: dt.date,
    language: str,
    enrolled: list[tuple[dt.date, dt.date | None]] | None = None,
) -> list[Month]:
    """The weeks (Monday to Friday) of each month of a term, up to today's month: months that
    have not begun are left out, since an empty grid says nothing. A day outside the term, or
    outside every span the child was ``enrolled`` (start, end or None), is "off"."""
    months = []
    for year, month in _months(start, max(start, min(end, today))):
        weeks: list[list[Day]] = []
        for week in calendar.Calendar().monthdatescalendar(year, month):
            days = [_day(d, month, start, end, marks, holidays, today, enrolled) for d in week[:5]]
            if any(d.date for d in days):
                weeks.append(days)
        months.append(Month(_month_name(year, month, language), weeks))
    return months


def _day(
    day: dt.date,
    month: int,
    start: dt.date,
    end: dt.date,
    marks: dict[dt.date, tuple[str, int | None]],
    holidays: dict[dt.date, str],
    today: dt.date,
    enrolled: list[tuple[dt.date, dt.date | None]] | None,
) -> Day:
    if day.month != month:
        return Day(None)
    if day in marks:
        status, minutes = marks[day]
        label = str(AttendanceStatus(status).label)
        if minutes:
            label = f"{label} {minutes} {_('min')}"
        return Day(day, f"a-{status}", str(SHORT[AttendanceStatus(status)]), label)
    if not start <= day <= end or (
        enrolled is not None and not any(a <= day and (b is None or day <= b) for a, b in enrolled)
    ):
        return Day(day, "off")
    if day in holidays:
        return Day(day, "off holiday", str(_("Holiday")), holidays[day])
    if day > today:
        return Day(day, "future")
    return Day(day, "nomark", "", str(_("No mark")))
