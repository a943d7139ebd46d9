"""Quality and equity indicators (docs/definitions.md §21, "Quality and equity"): national tests
against the national means, shares of grade 0 and of grade 3 and above, มส and ร rates, reading
and writing levels, สูงดีสมส่วน, extremely poor students, SDQ at-risk shares.

Every indicator counts the children of `population(source, cut)` and takes their dimensions
from it (the child's last enrolment of the period), whatever class or school recorded the row.
Where a child has several records in the period, the latest wins (`_latest`). The full grade
distribution per learning area is `grade_distribution_area` (defs_dashboard.py).

SQLite's parser refuses SQL nested deeper than about 14 subqueries, and the population alone
takes about 9: records are therefore counted, or the latest chosen, before they are joined with
the population, and `_shares` aggregates in two steps, not four.
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis
import ibis.expr.types as ir

from qinfo.indicators.frame import (
    Cut,
    by_columns,
    group_keys,
    group_rates,
    periods,
    population,
)
from qinfo.indicators.registry import indicator
from qinfo.indicators.source import Source

NOT_ELIGIBLE = "มส"
INCOMPLETE = "ร"
#: The four skills of the literacy screening (columns of `literacy`), in the form's order.
LITERACY_SKILLS = ("reading_aloud", "reading_comprehension", "word_writing", "composition")
#: SDQ total bands, mildest first; a band's position is its severity.
SDQ_BANDS = ("normal", "at_risk", "problem")
SEPARATOR = ":"

#: Thai and English names of the categories (for the pages that show them).
CATEGORY_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "literacy_level": {
        f"{skill}{SEPARATOR}{level}": (f"{skill_th} {level_th}", f"{skill_en}: {level_en}")
        for skill, skill_th, skill_en in (
            ("reading_aloud", "การอ่านออกเสียง", "Reading aloud"),
            ("reading_comprehension", "การอ่านรู้เรื่อง", "Reading comprehension"),
            ("word_writing", "การเขียนคำ", "Word writing"),
            ("composition", "การเขียนเรื่อง", "Composition"),
        )
        for level, level_th, level_en in (
            (4, "ดีมาก", "very good"),
            (3, "ดี", "good"),
            (2, "พอใช้", "fair"),
            (1, "ปรับปรุง", "needs improvement"),
        )
    },
    "sdq_band": {
        "normal": ("ปกติ", "Normal"),
        "at_risk": ("เสี่ยง", "At risk"),
        "problem": ("มีปัญหา", "Problem"),
    },
}


def _latest(rows: ir.Table, order_by: Sequence[ir.Value], per: str = "student_id") -> ir.Table:
    """One row per child (or per `per`): the first by `order_by` (give it latest first)."""
    ranked = rows.mutate(_rank=ibis.row_number().over(group_by=rows[per], order_by=list(order_by)))
    return ranked.filter(ranked._rank == 0)


def _shares(rows: ir.Table, cut: Cut, category: str, within: Sequence[str] = ()) -> ir.Table:
    """Share of `rows` (one per child or record) in each `category`, per `cut.by`: numerator =
    rows of the category, denominator = rows of the group (per `within` columns too). A category
    without rows in a group gives no row (its share is 0)."""
    keys = group_keys(cut)
    counts = rows.group_by(category, *within, *keys).aggregate(n=rows.count())
    total = counts.n.sum().over(group_by=[*within, *keys])
    return counts.select(
        category=counts[category].cast("string"),
        **by_columns(counts, cut),
        numerator=counts.n.cast("float64"),
        denominator=total.cast("float64"),
        reference=ibis.null().cast("float64"),
    )


def period_terms(source: Source, cut: Cut) -> ir.Table:
    """`term_id, year_id, term_start` of the period's terms: every term of academic year
    `cut.year_be` (each network's), or its term `cut.term`. Joined with the population on
    `year_id` too: the terms of each child's year."""
    terms = source.table("terms")
    if cut.term is not None:
        terms = terms.filter(terms.number == cut.term)
    years = source.table("years")
    years = years.filter(years.year_be == cut.year_be).select("year_id")
    return terms.join(years, "year_id").select("term_id", "year_id", term_start=terms.start_date)


# -- National tests ------------------------------------------------------------------------


def national_means(source: Source, cut: Cut) -> ir.Table:
    """`subject_id, mean`: the national mean of each subject for year `cut.year_be`, or, when
    that year has none, of the latest earlier year that has one (§9, "beside the school")."""
    means = source.table("national_means")
    means = means.filter(means.year_be <= cut.year_be)
    return _latest(means, [means.year_be.desc()], per="subject_id").select("subject_id", "mean")


@indicator(
    code="national_test_mean",
    label_th="คะแนนเฉลี่ยการทดสอบระดับชาติ (O-NET, NT, RT) เทียบค่าเฉลี่ยระดับประเทศ",
    label_en="National test mean score (O-NET, NT, RT) against the national mean",
    domain="quality",
    unit="score",
    periods="year",
    higher_is_better=True,
    section="§21",
)
def national_test_mean(source: Source, cut: Cut) -> ir.Table:
    """Mean score of the population's national test results of academic year `cut.year_be`, per
    test and subject (category "<test code>:<subject code>", e.g. "onet-p6:math"); reference:
    the national mean of the subject (national_means)."""
    years = source.table("years")
    years = years.filter(years.year_be == cut.year_be).select(test_year="year_id")
    results = source.table("national_results")
    results = results.select("student_id", "subject_id", "score", test_year=results.year_id)
    subjects = source.table("national_subjects").select("subject_id", "test_id", subject="code")
    tests = source.table("national_tests").select("test_id", test="code")
    scores = results.join(years, "test_year").join(subjects, "subject_id").join(tests, "test_id")
    scores = scores.left_join(national_means(source, cut), "subject_id")
    scores = scores.select(
        "student_id", "score", "mean", one=1, category=scores.test + SEPARATOR + scores.subject
    )
    rows = population(source, cut).join(scores, "student_id")
    return group_rates(
        rows, cut, numerator="score", denominator="one", category="category", reference="mean"
    )


# -- Course results ------------------------------------------------------------------------


def course_results(source: Source, cut: Cut) -> ir.Table:
    """The population, one row per child with course results in the period's terms (of
    academic year `cut.year_be`, any network), and the child's counts of results as they stand
    now (a make-up replaces ร or มส by a grade): `graded` (with a grade), `decided` (with a
    grade, มส or ร), `zero` (grade 0), `three_plus` (grade 3 or more), `not_eligible` (มส),
    `incomplete` (ร). Results are counted per child before the join, so the join is of one row
    per child, and the terms are a filter, not a join (a join made SQLite index the whole
    results table on every query)."""
    results = source.table("results")
    results = results.filter(results.term_id.isin(period_terms(source, cut).term_id))
    graded = results.grade.notnull()
    mark = results.special_mark

    def count(condition: ir.BooleanValue) -> ir.IntegerScalar:
        return condition.ifelse(1, 0).sum()

    per_child = results.group_by("student_id").aggregate(
        graded=count(graded),
        decided=count(graded | mark.isin((NOT_ELIGIBLE, INCOMPLETE))),
        zero=count(graded & (results.grade == 0)),
        three_plus=count(graded & (results.grade >= 3)),
        not_eligible=count(mark == NOT_ELIGIBLE),
        incomplete=count(mark == INCOMPLETE),
    )
    return population(source, cut).join(per_child, "student_id")


@indicator(
    code="grade_zero_share",
    label_th="ร้อยละผลการเรียนระดับ 0",
    label_en="Share of results with grade 0",
    domain="quality",
    unit="rate",
    periods="both",
    higher_is_better=False,
    section="§21",
)
def grade_zero_share(source: Source, cut: Cut) -> ir.Table:
    """Course results with grade 0 over course results with a grade (§8 class summary)."""
    rows = course_results(source, cut)
    return group_rates(rows, cut, numerator="zero", denominator="graded")


@indicator(
    code="grade_three_plus_share",
    label_th="ร้อยละผลการเรียนระดับ 3 ขึ้นไป",
    label_en="Share of results with grade 3 and above",
    domain="quality",
    unit="rate",
    periods="both",
    higher_is_better=True,
    section="§21",
)
def grade_three_plus_share(source: Source, cut: Cut) -> ir.Table:
    """Course results with grade 3, 3.5 or 4 over course results with a grade."""
    rows = course_results(source, cut)
    return group_rates(rows, cut, numerator="three_plus", denominator="graded")


@indicator(
    code="not_eligible_rate",
    label_th="ร้อยละผลการเรียน มส (ไม่มีสิทธิ์สอบ)",
    label_en="Share of results marked มส (not eligible for the final)",
    domain="quality",
    unit="rate",
    periods="both",
    higher_is_better=False,
    section="§21",
)
def not_eligible_rate(source: Source, cut: Cut) -> ir.Table:
    """Course results marked มส now over course results with a grade, มส or ร."""
    rows = course_results(source, cut)
    return group_rates(rows, cut, numerator="not_eligible", denominator="decided")


@indicator(
    code="incomplete_rate",
    label_th="ร้อยละผลการเรียน ร (รอการตัดสิน)",
    label_en="Share of results marked ร (incomplete)",
    domain="quality",
    unit="rate",
    periods="both",
    higher_is_better=False,
    section="§21",
)
def incomplete_rate(source: Source, cut: Cut) -> ir.Table:
    """Course results marked ร now over course results with a grade, มส or ร."""
    rows = course_results(source, cut)
    return group_rates(rows, cut, numerator="incomplete", denominator="decided")


# -- Reading and writing -------------------------------------------------------------------


@indicator(
    code="literacy_level",
    label_th="ระดับการอ่านและการเขียน (ป.1–ป.3)",
    label_en="Reading and writing levels (P.1–P.3)",
    domain="quality",
    unit="rate",
    periods="both",
    higher_is_better=None,
    section="§21",
)
def literacy_level(source: Source, cut: Cut) -> ir.Table:
    """Share of the screened children at each level (4 ดีมาก … 1 ปรับปรุง) of each skill, from
    each child's latest screening of the period; category "<skill>:<level>"."""
    screenings = source.table("literacy").select("student_id", "term_id", *LITERACY_SKILLS)
    screenings = screenings.join(period_terms(source, cut), "term_id")
    latest = _latest(screenings, [screenings.term_start.desc(), screenings.term_id.desc()])
    # One row per child and skill, before the population join (SQLite's nesting limit).
    levels = ibis.union(
        *(
            latest.select(
                "student_id",
                "year_id",
                skill=ibis.literal(skill),
                category=ibis.literal(skill + SEPARATOR) + latest[skill].cast("string"),
            )
            for skill in LITERACY_SKILLS
        ),
        distinct=False,
    )
    rows = population(source, cut).join(levels, ["student_id", "year_id"])
    return _shares(rows, cut, "category", within=("skill",))


# -- Health, poverty, SDQ ------------------------------------------------------------------


@indicator(
    code="tall_and_proportionate",
    label_th="ร้อยละนักเรียนสูงดีสมส่วน",
    label_en="Share of children tall and proportionate (สูงดีสมส่วน)",
    domain="quality",
    unit="rate",
    periods="both",
    higher_is_better=True,
    section="§21",
)
def tall_and_proportionate(source: Source, cut: Cut) -> ir.Table:
    """Children whose latest measurement of the period is สูงดีสมส่วน, over the children whose
    latest measurement of the period has both labels (§10)."""
    health = source.table("health")
    health = health.select("student_id", "term_id", "date", flag=health.tall_and_proportionate)
    health = health.join(period_terms(source, cut), "term_id")
    health = _latest(health, [health.date.desc(), health.term_id.desc()])
    health = health.filter(health.flag.notnull())
    health = health.select("student_id", "year_id", good=health.flag.ifelse(1, 0), one=1)
    rows = population(source, cut).join(health, ["student_id", "year_id"])
    return group_rates(rows, cut, numerator="good", denominator="one")


def _poverty(source: Source, cut: Cut) -> ir.Table:
    rows = population(source, cut)
    return rows.mutate(
        poor=(rows.poverty == "extremely_poor").ifelse(1, 0),
        screened=(rows.poverty != "not_screened").ifelse(1, 0),
        one=1,
    )


@indicator(
    code="extremely_poor_share",
    label_th="ร้อยละนักเรียนยากจนพิเศษ",
    label_en="Share of extremely poor students",
    domain="equity",
    unit="rate",
    periods="both",
    higher_is_better=None,
    section="§21",
)
def extremely_poor_share(source: Source, cut: Cut) -> ir.Table:
    """Children whose latest poverty screening of the year says extremely poor, over all the
    children of the population (the unscreened count as not extremely poor)."""
    rows = _poverty(source, cut)
    return group_rates(rows, cut, numerator="poor", denominator="one")


@indicator(
    code="extremely_poor_share_screened",
    label_th="ร้อยละนักเรียนยากจนพิเศษ (จากนักเรียนที่ได้รับการคัดกรอง)",
    label_en="Share of extremely poor students among those screened",
    domain="equity",
    unit="rate",
    periods="both",
    higher_is_better=None,
    section="§21",
)
def extremely_poor_share_screened(source: Source, cut: Cut) -> ir.Table:
    """Children whose latest screening of the year says extremely poor, over the children of
    the population screened in the year."""
    rows = _poverty(source, cut)
    return group_rates(rows, cut, numerator="poor", denominator="screened")


@indicator(
    code="poverty_screening_coverage",
    label_th="ร้อยละนักเรียนที่ได้รับการคัดกรองความยากจน",
    label_en="Poverty screening coverage",
    domain="equity",
    unit="rate",
    periods="both",
    higher_is_better=True,
    section="§21",
)
def poverty_screening_coverage(source: Source, cut: Cut) -> ir.Table:
    """Children of the population with a poverty screening in the academic year, over all."""
    rows = _poverty(source, cut)
    return group_rates(rows, cut, numerator="screened", denominator="one")


def latest_sdq(source: Source, cut: Cut) -> ir.Table:
    """Each child's latest SDQ screening with a total band dated within the period (of the
    network of the school that filed it; on one date, the most severe band wins), with the
    population columns, `band` and `severity` (0 normal, 1 at risk, 2 problem)."""
    sdq = source.table("sdq")
    sdq = sdq.filter(sdq.total_band.isin(SDQ_BANDS)).select(
        "student_id",
        "school_id",
        sdq_date=sdq.date,
        band=sdq.total_band,
        severity=sdq.total_band.cases(*((band, n) for n, band in enumerate(SDQ_BANDS))),
    )
    schools = source.table("schools").select("school_id", "network_id")
    spans = periods(source, cut).select("year_id", "network_id", "period_start", "period_end")
    sdq = sdq.join(schools, "school_id").join(spans, "network_id")
    sdq = sdq.filter((sdq.sdq_date >= sdq.period_start) & (sdq.sdq_date <= sdq.period_end))
    sdq = _latest(sdq, [sdq.sdq_date.desc(), sdq.severity.desc()])
    sdq = sdq.select("student_id", "year_id", "band", "severity")
    return population(source, cut).join(sdq, ["student_id", "year_id"])


@indicator(
    code="sdq_at_risk",
    label_th="ร้อยละนักเรียนกลุ่มเสี่ยงและกลุ่มมีปัญหา (SDQ)",
    label_en="SDQ: share at risk or with a problem",
    domain="quality",
    unit="rate",
    periods="both",
    higher_is_better=False,
    section="§21",
)
def sdq_at_risk(source: Source, cut: Cut) -> ir.Table:
    """Children whose latest SDQ of the period has the total band at risk or problem, over the
    children with an SDQ (with a total band) in the period."""
    rows = latest_sdq(source, cut)
    rows = rows.mutate(flagged=(rows.severity >= 1).ifelse(1, 0), one=1)
    return group_rates(rows, cut, numerator="flagged", denominator="one")


@indicator(
    code="sdq_band",
    label_th="ผลการคัดกรอง SDQ ตามกลุ่ม (ปกติ เสี่ยง มีปัญหา)",
    label_en="SDQ bands (normal, at risk, problem)",
    domain="quality",
    unit="rate",
    periods="both",
    higher_is_better=None,
    section="§21",
)
def sdq_band(source: Source, cut: Cut) -> ir.Table:
    """Share of the children with an SDQ in the period whose latest total band is each band;
    category "normal", "at_risk", "problem"."""
    return _shares(latest_sdq(source, cut), cut, "band")
