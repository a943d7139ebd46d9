"""Data completeness as an indicator (docs/definitions.md §21, Efficiency; §14 for the pages).

Entries entered over entries expected, per kind (the `category`), for the children of the period
(`frame.population`, each child in the group of the last enrolment of the period):

- attendance: one daily mark per school day (§2) on which the child was enrolled, up to today;
- grades: one result with a grade or a special mark per course of the child's class on a term's
  last day, for the period's terms that have ended;
- health: one measurement dated inside each such term, per child enrolled on its last day;
- sdq (teacher form), poverty (screening), home_visits: one per child enrolled on the last day
  of the year's first term, once that day has passed, entered any time in the academic year.

School days are counted by arithmetic on the dates (weekdays inside the terms, less the
weekdays recorded as non-school days), so no calendar table is needed on any engine.
"""

from __future__ import annotations

import datetime

import ibis
import ibis.expr.types as ir

from qinfo.indicators.defs_core import marks_window
from qinfo.indicators.frame import Cut, group_keys, group_rates, population
from qinfo.indicators.registry import indicator
from qinfo.indicators.source import Source

KINDS = ("attendance", "grades", "health", "sdq", "poverty", "home_visits")


def _today() -> datetime.date:
    return datetime.date.today()


def epoch_days(date: ir.DateValue) -> ir.IntegerValue:
    """Days since 1970-01-01, from the date's year, month and day in integer arithmetic (the
    civil-from-days inverse of H. Hinnant's `days_from_civil`): Ibis' own date difference needs
    a function that SQLite reached through Django does not have."""
    month = date.month()
    year = date.year() - (month <= 2).ifelse(1, 0)
    era = year // 400
    year_of_era = year - era * 400
    shifted = month + 9 - ((month + 9) // 12) * 12  # March = 0 … February = 11
    day_of_year = (153 * shifted + 2) // 5 + date.day() - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468


def weekdays_before(day: ir.IntegerValue) -> ir.IntegerValue:
    """Mondays to Fridays among the epoch days before `day`, counted from Monday 1969-12-29
    (epoch day −3): five per whole week and up to five of the week begun."""
    since_monday = day + 3
    weeks = since_monday // 7
    return weeks * 5 + ibis.least(since_monday - weeks * 7, 5)


def weekdays(first: ir.DateValue, last: ir.DateValue) -> ir.IntegerValue:
    """Mondays to Fridays from `first` to `last`, both included (0 when last < first)."""
    count = weekdays_before(epoch_days(last) + 1) - weekdays_before(epoch_days(first))
    return ibis.greatest(count, 0)


def _attendance(source: Source, cut: Cut, spans: ir.Table, today: datetime.date) -> ir.Table:
    """Per child (`sid`): `expected_attendance` school days enrolled in the period up to today
    (§2: weekdays inside a term, less the recorded non-school days) and `marks`, the daily marks
    dated in the period up to today."""
    enrolments = source.table("enrolments")
    enrolments = enrolments.select(
        e_student=enrolments.student_id,
        e_year=enrolments.year_id,
        e_start=enrolments.start_date,
        e_end=enrolments.end_date,
    )
    terms = source.table("terms")
    terms = terms.select(t_year=terms.year_id, t_start=terms.start_date, t_end=terms.end_date)
    pieces = spans.join(enrolments, spans.sid == enrolments.e_student)
    pieces = pieces.join(terms, pieces.e_year == terms.t_year)
    first = ibis.greatest(pieces.e_start, pieces.t_start, pieces.p_start)
    last = ibis.least(
        pieces.e_end.fill_null(pieces.t_end), pieces.t_end, pieces.p_end, ibis.literal(today)
    )
    pieces = pieces.select("sid", "e_year", first=first, last=last)
    pieces = pieces.filter(pieces.first <= pieces.last)
    closed = source.table("non_school_days")
    closed = closed.filter(closed.date.day_of_week.index() < 5)
    hits = pieces.join(
        closed,
        [pieces.e_year == closed.year_id, closed.date >= pieces.first, closed.date <= pieces.last],
    )
    hits = hits.group_by(h_sid=hits.sid).aggregate(closed=hits.count())
    days = pieces.group_by("sid").aggregate(days=weekdays(pieces.first, pieces.last).sum())
    days = days.left_join(hits, days.sid == hits.h_sid)
    days = days.select("sid", expected=days.days - days.closed.fill_null(0))
    marks = marks_window(source, cut)
    marked = spans.join(marks, spans.sid == marks.student_id)
    marked = marked.filter(
        (marked.date >= marked.p_start)
        & (marked.date <= marked.p_end)
        & (marked.date <= ibis.literal(today))
    )
    marked = marked.group_by(m_sid=marked.sid).aggregate(marks=marked.count())
    both = days.left_join(marked, days.sid == marked.m_sid)
    return both.select(
        "sid",
        exp_attendance=both.expected,
        ent_attendance=ibis.least(both.marks.fill_null(0), both.expected),
    )


def _due_terms(source: Source, cut: Cut, today: datetime.date, *, first_only: bool) -> ir.Table:
    """`t_year, term_id, t_start, t_end` of the terms whose last day has passed: the period's
    terms, or (first_only) the first term of the year, for the yearly kinds."""
    terms = source.table("terms")
    number = 1 if first_only else cut.term
    if number is not None:
        terms = terms.filter(terms.number == number)
    terms = terms.filter(terms.end_date < ibis.literal(today))
    return terms.select(
        t_year=terms.year_id, term_id=terms.term_id, t_start=terms.start_date, t_end=terms.end_date
    )


def _enrolled_on_term_end(source: Source, spans: ir.Table, terms: ir.Table) -> ir.Table:
    """The children (`sid`, `s_year`) enrolled on a due term's last day (§1), with the term and
    the classroom of each enrolment covering that day."""
    enrolments = source.table("enrolments")
    enrolments = enrolments.select(
        e_student=enrolments.student_id,
        e_classroom=enrolments.classroom_id,
        e_start=enrolments.start_date,
        e_end=enrolments.end_date,
    )
    due = spans.join(terms, spans.s_year == terms.t_year)
    return due.join(
        enrolments,
        [
            due.sid == enrolments.e_student,
            enrolments.e_start <= due.t_end,
            enrolments.e_end.isnull() | (enrolments.e_end >= due.t_end),
        ],
    )


def _entries(expected: ir.Table, found: ir.Table, on: list[str], kind: str) -> ir.Table:
    """Per child (`sid`): `exp_<kind>` = distinct rows of `expected` over the `on` columns (the
    first is `sid`), `ent_<kind>` = those with a row of `found` (same columns, in order)."""
    expected = expected.select(*on).distinct()
    found = found.select(*[found[c].name(f"f_{n}") for n, c in zip(on, found.columns, strict=True)])
    # Only the rows expected here (a few thousand) are made distinct, not the whole table.
    found = found.semi_join(expected, [expected[n] == found[f"f_{n}"] for n in on])
    found = found.distinct().mutate(hit=1)
    rows = expected.left_join(found, [expected[n] == found[f"f_{n}"] for n in on])
    return rows.group_by(**{f"k_{kind}": rows.sid}).aggregate(
        **{f"exp_{kind}": rows.count(), f"ent_{kind}": rows.hit.fill_null(0).sum()}
    )


@indicator(
    code="data_completeness",
    label_th="ความครบถ้วนของข้อมูล",
    label_en="Data completeness",
    domain="efficiency",
    unit="rate",
    periods="both",
    higher_is_better=True,
    section="§21",
)
def data_completeness(source: Source, cut: Cut) -> ir.Table:
    """Entries entered over entries expected, one category per kind of entry (KINDS); a kind
    with nothing expected in a group has no row."""
    today = _today()
    people = population(source, cut)
    spans = people.select(
        sid=people.student_id,
        s_year=people.year_id,
        p_start=people.period_start,
        p_end=people.period_end,
    )
    tallies = [(_attendance(source, cut, spans, today), "sid")]

    by_term = _enrolled_on_term_end(source, spans, _due_terms(source, cut, today, first_only=False))
    courses = source.table("courses")
    taught = by_term.join(
        courses,
        [by_term.e_classroom == courses.classroom_id, by_term.term_id == courses.term_id],
    )
    results = source.table("results")
    graded = results.filter(results.grade.notnull() | (results.special_mark.fill_null("") != ""))
    graded = graded.select("student_id", "course_id")
    tallies.append((_entries(taught, graded, ["sid", "course_id"], "grades"), "k_grades"))

    health = source.table("health")
    measured = by_term.join(
        health,
        [
            by_term.sid == health.student_id,
            health.date >= by_term.t_start,
            health.date <= by_term.t_end,
        ],
    ).select("sid", "term_id")
    tallies.append((_entries(by_term, measured, ["sid", "term_id"], "health"), "k_health"))

    yearly = _enrolled_on_term_end(source, spans, _due_terms(source, cut, today, first_only=True))
    years = source.table("years").select("year_id", y_start="start_date", y_end="end_date")
    sdq = source.table("sdq").filter(lambda t: t.form == "teacher")
    forms = sdq.join(years, [sdq.date >= years.y_start, sdq.date <= years.y_end])
    for kind, found in (
        ("sdq", forms.select("student_id", "year_id")),
        ("poverty", source.table("poverty").select("student_id", "year_id")),
        ("home_visits", source.table("home_visits").select("student_id", "year_id")),
    ):
        tallies.append((_entries(yearly, found, ["sid", "s_year"], kind), f"k_{kind}"))

    rows = people
    for tally, key in tallies:
        rows = rows.left_join(tally, rows.student_id == tally[key])
    sums = {
        f"{side}_{kind}": rows[f"{side}_{kind}"].fill_null(0).sum()
        for kind in KINDS
        for side in ("exp", "ent")
    }
    keys = group_keys(cut)
    totals = rows.group_by(keys or [ibis.literal(0).name("_all")]).aggregate(**sums)
    parts = [
        group_rates(
            totals.filter(totals[f"exp_{kind}"] > 0),
            cut,
            numerator=f"ent_{kind}",
            denominator=f"exp_{kind}",
            category=ibis.literal(kind),
        )
        for kind in KINDS
    ]
    return ibis.union(*parts, distinct=False)
