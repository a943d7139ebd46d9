"""Efficiency indicators: dropout, transition, the reconstructed cohort, pupil–teacher ratio, risk
levels, home-visit coverage and data completeness (docs/definitions.md §21, Efficiency).

Every indicator counts the children of `frame.population` (each child once, in the last enrolment
of the period) and sums in the database; no Python runs per child. The two figures of the UNESCO
reconstructed cohort that are not plain ratios (survival, coefficient of efficiency) are computed
in Python from one aggregate query (the counts per group and grade; the registry's `then`):
`cohort.reconstructed_cohort` runs per group and level, so that the method is written once (§22).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd

from qinfo.indicators.cohort import CohortError, CohortFlow, reconstructed_cohort
from qinfo.indicators.frame import Cut, group_keys, group_rates, population
from qinfo.indicators.registry import indicator
from qinfo.indicators.source import Source

GRADE_CODES = {
    1: "K1", 2: "K2", 3: "K3", 4: "P1", 5: "P2", 6: "P3", 7: "P4", 8: "P5", 9: "P6",
    10: "M1", 11: "M2", 12: "M3", 13: "M4", 14: "M5", 15: "M6",
}  # fmt: skip
#: The levels the reconstructed cohort follows, each with its grades in order (pre-primary is not
#: a cycle with graduates in the UIS sense and is left out).
LEVELS: dict[str, tuple[int, ...]] = {
    "primary": (4, 5, 6, 7, 8, 9),
    "lower_secondary": (10, 11, 12),
    "upper_secondary": (13, 14, 15),
}
LAST_GRADES = tuple(grades[-1] for grades in LEVELS.values())
COMPLETED = ("graduated", "promoted")
RISK_LEVELS = ("normal", "at_risk", "problem", "not_scored")
#: Cuts the cohort's survival and efficiency cannot have: they need every grade of a level.
COHORT_REFUSED = ("grade", "classroom")
#: Cuts the pupil–teacher ratio can have: teachers belong to a school, not to a grade or a sex.
PTR_CUTS = ("network", "school")


def _share(rows: ir.Table, cut: Cut, numerator: ir.Value | str, **more: Any) -> ir.Table:
    """`numerator` (0/1 per row) over the rows, per `cut.by` (and `category=` when given)."""
    rows = rows.mutate(_num=rows[numerator] if isinstance(numerator, str) else numerator, _one=1)
    return group_rates(rows, cut, numerator="_num", denominator="_one", **more)


def _none(rows: ir.Table, cut: Cut) -> ir.Table:
    """No rows (an indicator that does not apply to the cut), with the standard columns."""
    return _share(rows.filter(ibis.literal(False)), cut, ibis.literal(0))


def _flag(condition: ir.BooleanValue) -> ir.IntegerValue:
    return condition.ifelse(1, 0)


# Dropout and transition ---------------------------------------------------------------------------
@indicator(
    code="dropout_rate",
    label_th="อัตราการออกกลางคัน",
    label_en="Dropout rate",
    domain="efficiency",
    unit="rate",
    periods="both",
    higher_is_better=False,
    section="§21",
)
def dropout_rate(source: Source, cut: Cut) -> ir.Table:
    """Children whose last enrolment of the period ended `dropped_out` inside the period, over
    the children of the period."""
    people = population(source, cut)
    left = (
        (people.status == "dropped_out")
        & (people.end_date >= people.period_start)
        & (people.end_date <= people.period_end)
    )
    return _share(people, cut, _flag(left))


def _next_year(source: Source, cut: Cut) -> ir.Table:
    """`network_id, next_year_id`: networks whose academic year cut.year_be + 1 exists."""
    years = source.table("years")
    following = years.filter(years.year_be == cut.year_be + 1)
    return following.select("network_id", next_year_id=following.year_id)


def _transition(source: Source, cut: Cut, grade_from: int, grade_to: int) -> ir.Table:
    people = population(source, cut)
    leaving = people.filter(people.grade == grade_from).join(_next_year(source, cut), "network_id")
    enrolments = source.table("enrolments")
    classes = source.table("classrooms").filter(lambda t: t.grade == grade_to)
    entered = enrolments.join(classes.select("classroom_id"), "classroom_id")
    entered = entered.select(entrant_id=entered.student_id, entrant_year=entered.year_id)
    entered = entered.distinct().mutate(entrant=1)
    rows = leaving.left_join(
        entered,
        [
            leaving.student_id == entered.entrant_id,
            leaving.next_year_id == entered.entrant_year,
        ],
    )
    return _share(rows, cut, rows.entrant.fill_null(0))


@indicator(
    code="transition_p6_m1",
    label_th="อัตราการเรียนต่อจาก ป.6 ขึ้น ม.1",
    label_en="Transition rate P.6 to M.1",
    domain="efficiency",
    unit="rate",
    periods="year",
    higher_is_better=True,
    section="§21",
)
def transition_p6_m1(source: Source, cut: Cut) -> ir.Table:
    """Children in ป.6 in year t with an enrolment in ม.1 in year t+1 in the same network."""
    return _transition(source, cut, 9, 10)


@indicator(
    code="transition_m3_m4",
    label_th="อัตราการเรียนต่อจาก ม.3 ขึ้น ม.4",
    label_en="Transition rate M.3 to M.4",
    domain="efficiency",
    unit="rate",
    periods="year",
    higher_is_better=True,
    section="§21",
)
def transition_m3_m4(source: Source, cut: Cut) -> ir.Table:
    """Children in ม.3 in year t with an enrolment in ม.4 in year t+1 in the same network."""
    return _transition(source, cut, 12, 13)


# The reconstructed cohort ---------------------------------------------------------------------
def flows(source: Source, cut: Cut) -> ir.Table:
    """One row per child of year t (cut.year_be) in a grade of LEVELS, in a network whose year
    t+1 exists: the population's columns plus `repeated`, `promoted`, `left` (0/1, exactly one
    is 1): repeated = in the same grade in t+1 (the last enrolment of t+1); promoted = in the
    next grade in t+1, or (last grade of a level) the enrolment of t ended graduated or promoted;
    left = neither (dropped out, died, or gone where the network cannot see)."""
    year = Cut(cut.year_be, where=cut.where)
    people = population(source, year)
    people = people.filter(people.grade.isin([g for gs in LEVELS.values() for g in gs]))
    people = people.join(_next_year(source, cut), "network_id")
    later = population(source, Cut(cut.year_be + 1))
    later = later.select(later_id=later.student_id, later_grade=later.grade)
    rows = people.left_join(later, people.student_id == later.later_id)
    repeated = rows.later_grade.fill_null(0) == rows.grade
    moved_up = rows.later_grade.fill_null(0) == rows.grade + 1
    completed = rows.grade.isin(LAST_GRADES) & rows.status.isin(COMPLETED)
    promoted = ~repeated & (moved_up | completed)
    return rows.mutate(
        category=rows.grade.substitute(GRADE_CODES, else_=""),
        repeated=_flag(repeated),
        promoted=_flag(promoted),
        left=_flag(~repeated & ~promoted),
    )


def _grade_rate(source: Source, cut: Cut, outcome: str) -> ir.Table:
    rows = flows(source, cut)
    return _share(rows, cut, outcome, category="category")


@indicator(
    code="promotion_rate",
    label_th="อัตราการเลื่อนชั้น (รายชั้น)",
    label_en="Promotion rate by grade",
    domain="efficiency",
    unit="rate",
    periods="year",
    higher_is_better=True,
    section="§21",
)
def promotion_rate(source: Source, cut: Cut) -> ir.Table:
    return _grade_rate(source, cut, "promoted")


@indicator(
    code="repetition_rate",
    label_th="อัตราการซ้ำชั้น (รายชั้น)",
    label_en="Repetition rate by grade",
    domain="efficiency",
    unit="rate",
    periods="year",
    higher_is_better=False,
    section="§21",
)
def repetition_rate(source: Source, cut: Cut) -> ir.Table:
    return _grade_rate(source, cut, "repeated")


@indicator(
    code="grade_dropout_rate",
    label_th="อัตราการออกกลางคัน (รายชั้น วิธีรุ่นจำลอง)",
    label_en="Dropout rate by grade (reconstructed cohort)",
    domain="efficiency",
    unit="rate",
    periods="year",
    higher_is_better=False,
    section="§21",
)
def grade_dropout_rate(source: Source, cut: Cut) -> ir.Table:
    return _grade_rate(source, cut, "left")


def cohort_counts(source: Source, cut: Cut) -> ir.Table:
    """Per `cut.by` group (the population's columns) and grade of year t: `enrolled`,
    `repeated`, `promoted`."""
    rows = flows(source, cut)
    keys = list(dict.fromkeys(["grade", *group_keys(cut)]))
    return rows.group_by(keys).aggregate(
        enrolled=rows.count(), repeated=rows.repeated.sum(), promoted=rows.promoted.sum()
    )


def cohorts(counts: Iterable[dict[str, Any]], keys: list[str]) -> dict[tuple, CohortFlow]:
    """The reconstructed cohort of each (group, level) from the rows of `cohort_counts`:
    E_i(t) = enrolled; R_i(t+1) = repeated; E_i(t+1) = R_i(t+1) + promoted from grade i−1
    (the children of year t only: a closed cohort); graduates = promoted from the last grade.
    A group and level the method cannot take (a grade with no pupils, every pupil repeating)
    is left out."""
    groups: dict[tuple, dict[int, dict[str, Any]]] = {}
    for row in counts:
        groups.setdefault(tuple(row[k] for k in keys), {})[int(row["grade"])] = row
    found: dict[tuple, CohortFlow] = {}
    for key, per_grade in groups.items():
        for level, grades in LEVELS.items():
            if any(g not in per_grade for g in grades):
                continue
            enrolled = [int(per_grade[g]["enrolled"]) for g in grades]
            repeated = [int(per_grade[g]["repeated"]) for g in grades]
            promoted = [int(per_grade[g]["promoted"]) for g in grades]
            following = [repeated[0]] + [
                repeated[i] + promoted[i - 1] for i in range(1, len(grades))
            ]
            labels = [GRADE_CODES[g] for g in grades]
            try:
                flow = reconstructed_cohort(labels, enrolled, following, repeated, promoted[-1])
            except CohortError:
                continue
            found[(*key, level)] = flow
    return found


def _cohort_query(source: Source, cut: Cut) -> ir.Table:
    """The counts the cohort figures are made from (no rows for a cut they cannot have)."""
    counts = cohort_counts(source, cut)
    if any(d in COHORT_REFUSED for d in cut.by):
        return counts.filter(ibis.literal(False))
    return counts


def _cohort_rows(counts: pd.DataFrame, cut: Cut, figure: str) -> pd.DataFrame:
    """The figure ("survival" per grade, "efficiency" per level) of each group's cohorts, from
    the rows of `cohort_counts`, as standard rows (the figure as numerator, denominator 1)."""
    keys = group_keys(cut)
    rows: list[dict[str, Any]] = []
    for key, flow in cohorts(counts.to_dict("records"), keys).items():
        *group, level = key
        dims = dict(zip(cut.by, group, strict=True))
        grades = LEVELS[level]
        if figure == "survival":
            for grade, share in zip(grades, flow.survival, strict=True):
                rows.append({"category": GRADE_CODES[grade], **dims, "numerator": share})
        else:
            rows.append({"category": level, **dims, "numerator": flow.coefficient_of_efficiency})
    frame = pd.DataFrame(rows, columns=["category", *cut.by, "numerator"])
    return frame.assign(denominator=1.0, reference=np.nan)


def _survival_rows(counts: pd.DataFrame, cut: Cut) -> pd.DataFrame:
    return _cohort_rows(counts, cut, "survival")


def _efficiency_rows(counts: pd.DataFrame, cut: Cut) -> pd.DataFrame:
    return _cohort_rows(counts, cut, "efficiency")


@indicator(
    code="survival_rate",
    label_th="อัตราการคงอยู่ถึงแต่ละชั้น (วิธีรุ่นจำลอง)",
    label_en="Survival rate by grade (reconstructed cohort)",
    domain="efficiency",
    unit="rate",
    periods="year",
    higher_is_better=True,
    section="§21",
    then=_survival_rows,
)
def survival_rate(source: Source, cut: Cut) -> ir.Table:
    return _cohort_query(source, cut)


@indicator(
    code="coefficient_of_efficiency",
    label_th="สัมประสิทธิ์ประสิทธิภาพการจัดการศึกษา (วิธีรุ่นจำลอง)",
    label_en="Coefficient of efficiency (reconstructed cohort)",
    domain="efficiency",
    unit="rate",
    periods="year",
    higher_is_better=True,
    section="§21",
    then=_efficiency_rows,
)
def coefficient_of_efficiency(source: Source, cut: Cut) -> ir.Table:
    return _cohort_query(source, cut)


# Pupil–teacher ratio, risk levels, home visits -------------------------------------------------
@indicator(
    code="pupil_teacher_ratio",
    label_th="อัตราส่วนนักเรียนต่อครู",
    label_en="Pupil–teacher ratio",
    domain="efficiency",
    unit="ratio",
    periods="both",
    higher_is_better=None,
    section="§21",
)
def pupil_teacher_ratio(source: Source, cut: Cut) -> ir.Table:
    """Children of the period over the active teachers (position `teacher`) of their schools;
    by network or school only (no row for other cuts or filters)."""
    people = population(source, cut)
    if any(d not in PTR_CUTS for d in (*cut.by, *cut.where)):
        return _none(people, cut)
    pupils = people.group_by("network_id", "school_id").aggregate(pupils=people.count())
    staff = source.table("staff")
    teachers = staff.filter((staff.position == "teacher") & staff.active)
    teachers = teachers.group_by(staff_school=teachers.school_id).aggregate(
        teachers=teachers.count()
    )
    rows = pupils.left_join(teachers, pupils.school_id == teachers.staff_school)
    return group_rates(rows, cut, numerator="pupils", denominator=rows.teachers.fill_null(0))


def _shares(rows: ir.Table, cut: Cut, column: str, categories: tuple[str, ...]) -> ir.Table:
    """The share of `rows` (one per child) in each of `categories` of `column`, per `cut.by`:
    every category gets a row in every group (0 when no child is in it)."""
    keys = group_keys(cut)
    totals = rows.group_by(keys or [ibis.literal(0).name("_all")]).aggregate(
        total=rows.count(),
        **{f"n_{c}": _flag(rows[column] == c).sum() for c in categories},
    )
    parts = [
        group_rates(totals, cut, numerator=f"n_{c}", denominator="total", category=ibis.literal(c))
        for c in categories
    ]
    return ibis.union(*parts, distinct=False)


@indicator(
    code="risk_levels",
    label_th="ร้อยละนักเรียนตามระดับความเสี่ยง",
    label_en="Students by risk level",
    domain="equity",
    unit="rate",
    periods="both",
    higher_is_better=None,
    section="§21",
)
def risk_levels(source: Source, cut: Cut) -> ir.Table:
    """The share of the children of the period by the level of their latest early-warning score
    dated in the period (category normal, at_risk, problem; not_scored without a score)."""
    people = population(source, cut)
    scores = source.table("risk_scores")
    scores = scores.select(score_student=scores.student_id, as_of=scores.as_of, level=scores.level)
    inside = people.join(
        scores,
        [
            people.student_id == scores.score_student,
            scores.as_of >= people.period_start,
            scores.as_of <= people.period_end,
        ],
    )
    last = inside.group_by("score_student").aggregate(last_day=inside.as_of.max())
    latest = last.join(
        scores,
        [last.score_student == scores.score_student, last.last_day == scores.as_of],
    ).select(scored_id=last.score_student, level=scores.level)
    rows = people.left_join(latest, people.student_id == latest.scored_id)
    rows = rows.mutate(level=rows.level.fill_null("not_scored"))
    return _shares(rows, cut, "level", RISK_LEVELS)


@indicator(
    code="home_visit_coverage",
    label_th="ร้อยละนักเรียนที่ได้รับการเยี่ยมบ้าน",
    label_en="Home-visit coverage",
    domain="equity",
    unit="rate",
    periods="year",
    higher_is_better=True,
    section="§21",
)
def home_visit_coverage(source: Source, cut: Cut) -> ir.Table:
    """Children of the year with at least one home visit of that academic year."""
    people = population(source, cut)
    visits = source.table("home_visits")
    visited = visits.select(visit_student=visits.student_id, visit_year=visits.year_id)
    visited = visited.distinct().mutate(visited=1)
    rows = people.left_join(
        visited,
        [people.student_id == visited.visit_student, people.year_id == visited.visit_year],
    )
    return _share(rows, cut, rows.visited.fill_null(0))
