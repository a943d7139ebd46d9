"""The indicator set: every indicator registered once, in display order (docs/definitions.md §21).

How to define an indicator (in a `qinfo/indicators/defs_<area>.py` imported by `all.py`)::

    from qinfo.indicators.frame import Cut, group_rates, population
    from qinfo.indicators.registry import indicator
    from qinfo.indicators.source import Source

    @indicator(
        code="home_visit_coverage",            # unique, snake_case; the `indicator` column
        label_th="ร้อยละนักเรียนที่ได้รับการเยี่ยมบ้าน",
        label_en="Home-visit coverage",
        domain="equity",                       # "equity" | "quality" | "efficiency"
        unit="rate",                           # "rate" (0..1) | "ratio" | "count" | "score"
        periods="year",                        # "year" | "term" | "both"
        higher_is_better=True,                 # or False, or None
        section="§21",                         # where docs/definitions.md defines it
    )
    def home_visit_coverage(source: Source, cut: Cut):
        people = population(source, cut)       # one row per child, with the cut's dimensions
        visits = source.table("home_visits")
        visited = visits.select("student_id", "year_id").distinct().mutate(visited=1)
        rows = people.left_join(visited, ["student_id", "year_id"])
        rows = rows.mutate(visited=rows.visited.fill_null(0), one=1)
        return group_rates(rows, cut, numerator="visited", denominator="one")

The function returns an Ibis table with the columns `category, <cut.by...>, numerator,
denominator, reference` — `group_rates` builds exactly that (sums per `cut.by`, and per
`category=` when the indicator has categories; numerator/denominator may be column names,
expressions over the table, or constants). `compute` adds `indicator` and
`value = numerator / denominator` (the numerator itself when the denominator is null: counts;
NaN when it is 0), runs the set (`compute.statements`: UNION ALL statements on DuckDB, one
statement per indicator on SQLite and PostgreSQL) and sorts the rows. Building blocks in
`frame`: `population` (the children of the period, §20), `census_population` (enrolled on the
census day), `periods`, `group_keys`; in `defs_core`: `daily_marks` (one row per mark) and
`marks_per_child` (counts per child, cheaper).

Keep the function a pure function of `(source, cut)` that only *builds* an expression: compiled
SQL is kept per shape of cut and reused for other years and where-values (templates.py). Do not
call `source.execute` inside it (an indicator that does is detected and compiled afresh for every
cut, which costs seconds); derive dates from `cut.year_be` (e.g. `dt.date(cut.year_be - 543, 6,
10)`) or from the `years`/`terms` tables. Only Ibis operations that compile on SQLite, PostgreSQL
and DuckDB (tests/indicators/test_engines.py checks all three agree). An indicator asked for a
period it does not have (`periods="year"` with `cut.term`) is skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import ibis.expr.types as ir
import pandas as pd

if TYPE_CHECKING:
    from qinfo.indicators.frame import Cut
    from qinfo.indicators.source import Source

Domain = Literal["equity", "quality", "efficiency"]
Unit = Literal["rate", "ratio", "count", "score"]
Periods = Literal["year", "term", "both"]
ComputeFn = Callable[["Source", "Cut"], ir.Table]
#: Turns the rows of an indicator's own query into the standard columns (see `indicator`).
ThenFn = Callable[[pd.DataFrame, "Cut"], pd.DataFrame]


@dataclass(frozen=True)
class Indicator:
    code: str
    label_th: str
    label_en: str
    domain: Domain
    unit: Unit
    periods: Periods
    higher_is_better: bool | None
    section: str
    compute: ComputeFn
    then: ThenFn | None = None

    def applies_to(self, cut: Cut) -> bool:
        """Whether the indicator is defined for the cut's period (a year or a term)."""
        if cut.term is None:
            return self.periods in ("year", "both")
        return self.periods in ("term", "both")


INDICATORS: dict[str, Indicator] = {}

DOMAINS = ("equity", "quality", "efficiency")
UNITS = ("rate", "ratio", "count", "score")
PERIODS = ("year", "term", "both")


def indicator(
    *,
    code: str,
    label_th: str,
    label_en: str,
    domain: Domain,
    unit: Unit,
    periods: Periods,
    higher_is_better: bool | None,
    section: str,
    then: ThenFn | None = None,
) -> Callable[[ComputeFn], ComputeFn]:
    """Register the decorated function as indicator `code` (in the order of registration).

    With `then`, the function's table is not in the standard shape: it is run as a statement of
    its own and `then(rows, cut)` turns its rows (a pandas frame, columns named as the table's,
    values as the engine gave them) into the standard columns, in Python. For figures that are
    not sums (the reconstructed cohort's survival): the query stays a pure expression, so its
    SQL is compiled once per shape of cut like any other's."""
    if domain not in DOMAINS or unit not in UNITS or periods not in PERIODS:
        raise ValueError(f"indicator {code}: bad domain, unit or periods")

    def register(fn: ComputeFn) -> ComputeFn:
        if code in INDICATORS:
            raise ValueError(f"indicator {code!r} registered twice")
        INDICATORS[code] = Indicator(
            code=code,
            label_th=label_th,
            label_en=label_en,
            domain=domain,
            unit=unit,
            periods=periods,
            higher_is_better=higher_is_better,
            section=section,
            compute=fn,
            then=then,
        )
        return fn

    return register
