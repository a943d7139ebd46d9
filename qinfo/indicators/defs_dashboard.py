"""Series the dashboards draw (docs/definitions.md §21, "Dashboard series"): attendance week by
week, and the distribution of grades per learning area. They are indicators like the others (one
definition, every engine), with a category per week or per learning area and level."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from qinfo.indicators.defs_core import daily_marks
from qinfo.indicators.frame import Cut, group_keys, group_rates, population
from qinfo.indicators.registry import indicator
from qinfo.indicators.source import Source

#: The levels of the grade distribution, in display order: the eight grades, then มส and ร.
GRADE_LEVELS = ("0", "1", "1.5", "2", "2.5", "3", "3.5", "4", "มส", "ร")
#: Category separator of ``grade_distribution_area``: "<learning area>:<level>".
SEPARATOR = ":"


@indicator(
    code="attendance_weekly",
    label_th="อัตราการมาเรียนรายสัปดาห์",
    label_en="Attendance rate by week",
    domain="efficiency",
    unit="rate",
    periods="both",
    higher_is_better=True,
    section="§21",
)
def attendance_weekly(source: Source, cut: Cut) -> ir.Table:
    """The attendance rate (P, L, T over all daily marks) of each week of the period. Category:
    the first day with a mark in that week (Monday to Sunday) anywhere in the population, as
    YYYY-MM-DD (CE), so that every group of the cut shares the week's label."""
    rows = daily_marks(source, cut)
    keys = group_keys(cut)
    # Sum per week and group first (small), then name each week by its first day anywhere.
    weeks = rows.group_by(*keys, week=rows.date.truncate("W")).aggregate(
        attended=rows.attended.sum(), marked=rows.marked.sum(), first=rows.date.min()
    )
    weeks = weeks.mutate(first_day=weeks.first.min().over(group_by=weeks.week))
    return group_rates(
        weeks,
        cut,
        numerator="attended",
        denominator="marked",
        category=weeks.first_day.cast("string"),
    )


def _level(grade: ir.NumericValue, mark: ir.StringValue) -> ir.StringValue:
    """The level of a result as text: the grade (0 … 4), else มส or ร; null for anything else
    (ผ/มผ activities, results not yet graded)."""
    branches = [(mark == special, special) for special in ("มส", "ร")]
    branches += [(grade == float(level), level) for level in GRADE_LEVELS[:8]]
    return ibis.cases(*branches, else_=ibis.null().cast("string"))


@indicator(
    code="grade_distribution_area",
    label_th="การกระจายของผลการเรียนตามกลุ่มสาระ",
    label_en="Grade distribution by learning area",
    domain="quality",
    unit="rate",
    periods="both",
    higher_is_better=None,
    section="§21",
)
def grade_distribution_area(source: Source, cut: Cut) -> ir.Table:
    """Per learning area, the share of the population's course results of the period (terms of
    the year, or the term) at each level: grade 0 … 4, มส, ร. Category "<area>:<level>";
    denominator: the area's results with a grade, มส or ร."""
    people = population(source, cut)
    terms = source.table("terms").select("term_id", "year_id", "number")
    if cut.term is not None:
        terms = terms.filter(terms.number == cut.term)
    results = source.table("results")
    # "grade" is also the population's grade level: the result's grade is renamed.
    results = results.select(
        "student_id", "course_id", "term_id", "special_mark", result_grade=results.grade
    )
    courses = source.table("courses").select("course_id", "subject_id")
    subjects = source.table("subjects").select("subject_id", "learning_area")
    rows = people.join(results, "student_id").join(terms, ["term_id", "year_id"])
    rows = rows.join(courses, "course_id").join(subjects, "subject_id")
    rows = rows.mutate(level=_level(rows.result_grade, rows.special_mark), one=1)
    rows = rows.filter(rows.level.notnull())
    keys = group_keys(cut)
    levels = rows.group_by("learning_area", "level", *keys).aggregate(results=rows.one.sum())
    areas = levels.group_by("learning_area", *keys).aggregate(area_results=levels.results.sum())
    shares = levels.join(areas, ["learning_area", *keys])
    return group_rates(
        shares,
        cut,
        numerator="results",
        denominator="area_results",
        category=shares.learning_area + SEPARATOR + shares.level,
    )
