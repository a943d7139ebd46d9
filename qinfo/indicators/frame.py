"""Populations and cuts (docs/definitions.md §20).

`population(source, cut)` is the set of children an indicator of a year or of a term counts,
one row each, with the dimensions it can be cut by; `group_rates` sums an indicator's numerator
and denominator per `cut.by` and returns the standard columns.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import ibis
import ibis.expr.types as ir

from qinfo.indicators.source import Source

DIMENSIONS = ("network", "school", "grade", "classroom", "sex", "poverty")

# The population's column behind each dimension, and the dimension's type in the output.
DIMENSION_COLUMNS: dict[str, str] = {
    "network": "network_id",
    "school": "school_id",
    "grade": "grade",
    "classroom": "classroom_id",
    "sex": "sex",
    "poverty": "poverty",
}
DIMENSION_TYPES: dict[str, str] = {
    "network": "int64",
    "school": "int64",
    "grade": "int64",
    "classroom": "int64",
    "sex": "string",
    "poverty": "string",
}

POVERTY_CATEGORIES = ("extremely_poor", "not_extremely_poor", "not_screened")

# DMC census days (DOMAIN.md §6): (month, day) of each term's count, in the CE year the academic
# year starts. The year's count is term 1's (10 June).
CENSUS_DAYS: dict[int, tuple[int, int]] = {1: (6, 10), 2: (11, 10)}

POPULATION_COLUMNS = (
    "student_id",
    "enrolment_id",
    "year_id",
    "network_id",
    "school_id",
    "classroom_id",
    "grade",
    "sex",
    "poverty",
    "status",
    "start_date",
    "end_date",
    "period_start",
    "period_end",
)


def _frozen(where: Mapping[str, Any]) -> Mapping[str, tuple[Any, ...]]:
    return MappingProxyType({key: tuple(values) for key, values in sorted(where.items())})


@dataclass(frozen=True)
class Cut:
    """Which period (`year_be`, and `term` 1 or 2 or None for the whole year), grouped by which
    DIMENSIONS (`by`), filtered to which values (`where`: dimension → allowed values)."""

    year_be: int
    term: int | None = None
    by: tuple[str, ...] = ()
    where: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = [d for d in (*self.by, *self.where) if d not in DIMENSIONS]
        if unknown:
            raise ValueError(f"unknown dimension(s) {unknown}; known: {DIMENSIONS}")
        if len(set(self.by)) != len(self.by):
            raise ValueError(f"dimension repeated in by={self.by}")
        if self.term is not None and self.term not in (1, 2):
            raise ValueError(f"term must be 1, 2 or None, not {self.term!r}")
        object.__setattr__(self, "by", tuple(self.by))
        where = {
            d: tuple(int(v) if DIMENSION_TYPES[d] == "int64" else str(v) for v in values)
            for d, values in self.where.items()
        }
        object.__setattr__(self, "where", _frozen(where))

    def __hash__(self) -> int:
        return hash((self.year_be, self.term, self.by, tuple(self.where.items())))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Cut):
            return NotImplemented
        return self.key() == other.key()

    def key(self) -> str:
        """A stable text key (for caches)."""
        where = ";".join(f"{k}={','.join(map(str, v))}" for k, v in self.where.items())
        return f"y{self.year_be}|t{self.term or ''}|by{','.join(self.by)}|w{where}"

    def narrowed(self, **where: tuple[Any, ...]) -> Cut:
        """The same cut with more filters (intersected with those already there)."""
        merged = dict(self.where)
        for key, values in where.items():
            merged[key] = (
                tuple(v for v in merged[key] if v in values) if key in merged else tuple(values)
            )
        return Cut(self.year_be, self.term, self.by, merged)


def periods(source: Source, cut: Cut) -> ir.Table:
    """One row per network's academic year `cut.year_be` (or its term `cut.term`):
    `year_id, network_id, period_start, period_end, census_date`."""
    years = source.table("years").filter(lambda t: t.year_be == cut.year_be)
    if cut.term is None:
        spans = years.select(
            "year_id", "network_id", period_start=years.start_date, period_end=years.end_date
        )
    else:
        terms = source.table("terms").filter(lambda t: t.number == cut.term)
        joined = years.join(terms, "year_id")
        spans = joined.select(
            "year_id",
            "network_id",
            period_start=joined.start_date_right,
            period_end=joined.end_date_right,
        )
    month, day = CENSUS_DAYS[cut.term or 1]
    census = ibis.literal(datetime.date(cut.year_be - 543, month, day))
    return spans.mutate(
        census_date=ibis.least(ibis.greatest(census, spans.period_start), spans.period_end)
    )


def _poverty(source: Source) -> ir.Table:
    """Per child and year: the category from the latest screening of the year (on one date, an
    extremely-poor screening wins)."""
    screenings = source.table("poverty")
    latest = screenings.mutate(
        rank=ibis.row_number().over(
            group_by=[screenings.student_id, screenings.year_id],
            order_by=[
                screenings.date.desc(),
                screenings.extremely_poor.desc(),
                screenings.screening_id.desc(),
            ],
        )
    ).filter(lambda t: t.rank == 0)
    return latest.select(
        "student_id",
        "year_id",
        poverty=ibis.ifelse(latest.extremely_poor, "extremely_poor", "not_extremely_poor"),
    )


def population_rows(source: Source, cut: Cut, *, census: bool) -> ir.Table:
    """The population of `cut`'s period (`cut.where` not applied), with `census_date`."""
    spans = periods(source, cut)
    enrolments = source.table("enrolments")
    joined = enrolments.join(spans, "year_id")
    if census:
        on = joined.census_date
        covering = (joined.start_date <= on) & (joined.end_date.isnull() | (joined.end_date >= on))
    else:
        covering = (joined.start_date <= joined.period_end) & (
            joined.end_date.isnull() | (joined.end_date >= joined.period_start)
        )
    chosen = joined.filter(covering)
    chosen = chosen.mutate(
        rank=ibis.row_number().over(
            group_by=chosen.student_id,
            order_by=[chosen.start_date.desc(), chosen.enrolment_id.desc()],
        )
    ).filter(lambda t: t.rank == 0)
    classrooms = source.table("classrooms").select("classroom_id", "grade")
    students = source.table("students")
    rows = chosen.join(classrooms, "classroom_id").join(students, "student_id")
    rows = rows.left_join(_poverty(source), ["student_id", "year_id"])
    rows = rows.mutate(poverty=rows.poverty.fill_null("not_screened"))
    return rows.select(*POPULATION_COLUMNS, "census_date")


def kept_period(source: Source, name: str, cut: Cut) -> ir.Table | None:
    """The rows of `cut`'s period (its year, and term or none) of the table the source keeps
    under `name` (`qinfo.indicators.kept`), or None when it keeps none."""
    kept = source.kept.get(name)
    if kept is None:
        return None
    return kept.filter((kept._year_be == cut.year_be) & (kept._term == (cut.term or 0)))


def _population(source: Source, cut: Cut, *, census: bool) -> ir.Table:
    rows = kept_period(source, "populations", cut)
    if rows is None:
        rows = population_rows(source, cut, census=census)
    else:
        rows = rows.filter(rows._census == int(census))
    rows = rows.select(*POPULATION_COLUMNS, *(["census_date"] if census else []))
    for dimension, values in cut.where.items():
        rows = rows.filter(rows[DIMENSION_COLUMNS[dimension]].isin(list(values)))
    return rows


def population(source: Source, cut: Cut) -> ir.Table:
    """The children counted in `cut`'s period, each once: those with an enrolment of academic
    year `cut.year_be` (any network) that overlaps the year's dates (or the term's, when
    `cut.term` is given), with their last such enrolment (latest start date; then the latest
    recorded). Records merged into another are left out; `cut.where` is applied.
    Columns: POPULATION_COLUMNS."""
    return _population(source, cut, census=False)


def census_population(source: Source, cut: Cut) -> ir.Table:
    """The children enrolled on the period's census day (10 June for the year and term 1, 10
    November for term 2, moved into the period when it falls outside it), each once, with the
    enrolment covering that day (the one begun last). Columns: POPULATION_COLUMNS + census_date."""
    return _population(source, cut, census=True)


def group_keys(cut: Cut) -> list[str]:
    """The population's columns behind `cut.by` (what `group_rates` groups by)."""
    return [DIMENSION_COLUMNS[d] for d in cut.by]


def by_columns(table: ir.Table, cut: Cut) -> dict[str, ir.Value]:
    """The `cut.by` dimensions of `table` (which carries population columns), named as the
    dimensions and typed as DIMENSION_TYPES."""
    return {d: table[DIMENSION_COLUMNS[d]].cast(DIMENSION_TYPES[d]) for d in cut.by}


def group_rates(
    table: ir.Table,
    cut: Cut,
    *,
    numerator: ir.NumericValue | str,
    denominator: ir.NumericValue | str | None = None,
    category: ir.Value | str | None = None,
    reference: ir.NumericValue | str | None = None,
) -> ir.Table:
    """Sums `numerator` (and `denominator`) per `category` and `cut.by`: the standard columns
    `category, <cut.by...>, numerator, denominator, reference` (value is numerator/denominator,
    computed by `compute`). `table` carries the population's columns (join it with `population`).
    `reference` is aggregated with max (one reference per category, e.g. the national mean)."""

    def resolve(value: Any, kind: str) -> ir.Value:
        resolved = (
            table[value]
            if isinstance(value, str)
            else ibis.literal(value)
            if isinstance(value, (int, float))
            else value
        )
        return resolved.cast(kind)

    # Numerator, denominator, category and reference may be columns, expressions over `table`,
    # or constants (`ibis.literal(1)` counts rows): a mutate makes each a column first.
    work = table.mutate(
        _q_category=resolve(category, "string") if category is not None else ibis.literal(""),
        _q_numerator=resolve(numerator, "float64"),
        _q_denominator=(
            resolve(denominator, "float64")
            if denominator is not None
            else ibis.null().cast("float64")
        ),
        _q_reference=(
            resolve(reference, "float64") if reference is not None else ibis.null().cast("float64")
        ),
    )
    keys: dict[str, ir.Value] = {"category": work._q_category}
    keys.update(by_columns(work, cut))
    result = work.group_by(**keys).aggregate(
        numerator=work._q_numerator.sum().cast("float64"),
        denominator=work._q_denominator.sum().cast("float64"),
        reference=work._q_reference.max().cast("float64"),
    )
    return result.select("category", *cut.by, "numerator", "denominator", "reference")
