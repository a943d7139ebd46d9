"""Tables a source computes once and keeps, for a source queried many times (docs/definitions.md
§20): the dashboards' snapshot. Every indicator starts from the period's population, and the
attendance rate and chronic absence count each child's daily marks; computed afresh inside
each indicator's statement, these shared parts were most of the cost of the whole set.
`keep(source)` computes them for every period of the source (each academic year of `years`: the
year, term 1, term 2) with the same definitions (`frame.population_rows`,
`defs_core.marks_counts`) into tables of the engine, tagged with the period (`_year_be`,
`_term`: 0 for the year); `frame.population` and `defs_core.marks_per_child` then read the
period's rows (`frame.kept_period`). The figures are the same either way
(tests/indicators/test_engines.py compares both with the database).
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from qinfo.indicators.defs_core import marks_counts
from qinfo.indicators.frame import Cut, population_rows
from qinfo.indicators.source import Source

TERMS = (None, 1, 2)


def _tagged(table: ir.Table, cut: Cut, **more: int) -> ir.Table:
    tags = {"_year_be": cut.year_be, "_term": cut.term or 0, **more}
    return table.mutate(**{name: ibis.literal(value, "int64") for name, value in tags.items()})


def periods_of(source: Source) -> list[Cut]:
    """Every period of the source: each academic year of `years`, and its terms 1 and 2."""
    found = source.execute(source.table("years").select("year_be").distinct())
    return [Cut(int(year_be), term) for year_be in sorted(found["year_be"]) for term in TERMS]


def keep(source: Source, cuts: list[Cut] | None = None) -> None:
    """Compute and keep the populations (by period and on the census day) and the children's
    marks counts of every period, or of the periods of `cuts` only (their `by` and `where` do
    not matter; DuckDB sources: `Source.keep`). With `cuts`, `compute` refuses the other
    periods (the kept tables have no rows for them)."""
    if cuts is None:
        cuts = periods_of(source)
    else:
        cuts = [Cut(c.year_be, c.term) for c in cuts]
        source.kept_periods = frozenset((c.year_be, c.term or 0) for c in cuts)
    if not cuts:
        return
    populations = [
        _tagged(population_rows(source, cut, census=census), cut, _census=int(census))
        for cut in cuts
        for census in (False, True)
    ]
    source.kept["populations"] = source.keep(
        "populations", ibis.union(*populations, distinct=False)
    )
    counts = [_tagged(marks_counts(source, cut), cut) for cut in cuts]
    source.kept["marks_counts"] = source.keep("marks_counts", ibis.union(*counts, distinct=False))
