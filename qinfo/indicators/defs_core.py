"""Core indicators: enrolment, attendance rate, chronic absence (docs/definitions.md §21, Core)."""

from __future__ import annotations

import datetime as dt

import ibis.expr.types as ir

from qinfo.indicators.frame import (
    Cut,
    census_population,
    group_rates,
    kept_period,
    population,
)
from qinfo.indicators.registry import indicator
from qinfo.indicators.source import Source

ATTENDING = ("P", "L", "T")
MISSING = ("S", "E", "A")


@indicator(
    code="enrolment",
    label_th="จำนวนนักเรียน",
    label_en="Enrolment",
    domain="equity",
    unit="count",
    periods="both",
    higher_is_better=None,
    section="§21",
)
def enrolment(source: Source, cut: Cut) -> ir.Table:
    """Children enrolled on the census day (10 June for the year and term 1, 10 November for
    term 2), each once, in the enrolment covering that day."""
    rows = census_population(source, cut)
    rows = rows.mutate(one=1)
    return group_rates(rows, cut, numerator="one")


def marks_window(source: Source, cut: Cut) -> ir.Table:
    """The daily marks dated in the two calendar years an academic year `cut.year_be` can touch
    (1 January of its first year to 31 December of the next): a cheap first cut, with literal
    bounds, before the exact period's dates are applied."""
    first = cut.year_be - 543
    marks = source.table("attendance")
    return marks.filter(marks.date.between(dt.date(first, 1, 1), dt.date(first + 1, 12, 31)))


def daily_marks(source: Source, cut: Cut) -> ir.Table:
    """The population's daily marks dated within the period (from whatever class recorded them),
    with the child's population columns and `attended`, `missed` (0/1)."""
    people = population(source, cut)
    marks = marks_window(source, cut)
    marks = marks.select("student_id", "date", mark=marks.status)
    rows = people.join(marks, "student_id")
    rows = rows.filter((rows.date >= rows.period_start) & (rows.date <= rows.period_end))
    return rows.mutate(
        attended=rows.mark.isin(ATTENDING).ifelse(1, 0),
        missed=rows.mark.isin(MISSING).ifelse(1, 0),
        marked=1,
    )


def marks_counts(source: Source, cut: Cut) -> ir.Table:
    """Per child of `cut`'s population with at least one daily mark in the period: `student_id`,
    `attended`, `missed`, `marked` (counts of daily marks in the period). One pass over the
    marks, grouped by child only."""
    people = population(source, cut)
    spans = people.select("student_id", "period_start", "period_end")
    marks = marks_window(source, cut).select("student_id", "date", "status")
    rows = marks.join(spans, "student_id")
    rows = rows.filter((rows.date >= rows.period_start) & (rows.date <= rows.period_end))
    return rows.group_by("student_id").aggregate(
        attended=rows.status.isin(ATTENDING).ifelse(1, 0).sum(),
        missed=rows.status.isin(MISSING).ifelse(1, 0).sum(),
        marked=rows.count(),
    )


def marks_per_child(source: Source, cut: Cut) -> ir.Table:
    """The population's children with at least one daily mark in the period, with their
    population columns and `attended`, `missed`, `marked` (`marks_counts`, read from the
    source's kept table when it keeps one: `kept.py`)."""
    kept = kept_period(source, "marks_counts", cut)
    if kept is None:
        counts = marks_counts(source, cut)
    else:
        counts = kept.select("student_id", "attended", "missed", "marked")
    return population(source, cut).join(counts, "student_id")


@indicator(
    code="attendance_rate",
    label_th="อัตราการมาเรียน",
    label_en="Attendance rate",
    domain="efficiency",
    unit="rate",
    periods="both",
    higher_is_better=True,
    section="§21",
)
def attendance_rate(source: Source, cut: Cut) -> ir.Table:
    """Daily marks P, L or T over all daily marks of the population in the period (pooled)."""
    rows = marks_per_child(source, cut)
    return group_rates(rows, cut, numerator="attended", denominator="marked")


@indicator(
    code="chronic_absence",
    label_th="อัตราการขาดเรียนเรื้อรัง",
    label_en="Chronic absence rate",
    domain="equity",
    unit="rate",
    periods="both",
    higher_is_better=False,
    section="§21",
)
def chronic_absence(source: Source, cut: Cut) -> ir.Table:
    """Children of the population with a daily mark in the period who missed (S, E, A) 10% or
    more of their marked days, over the children with a daily mark in the period."""
    rows = marks_per_child(source, cut)
    rows = rows.mutate(chronic=(rows.missed * 10 >= rows.marked).ifelse(1, 0), counted=1)
    return group_rates(rows, cut, numerator="chronic", denominator="counted")
