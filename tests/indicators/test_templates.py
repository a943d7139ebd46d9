"""Compiled SQL kept per shape of cut (qinfo/indicators/templates.py): a cut computed from a
kept template gives exactly what a fresh compilation gives, for other years, terms and values."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from qinfo.indicators.compute import compute, statements
from qinfo.indicators.frame import Cut
from qinfo.indicators.source import Source
from qinfo.indicators.templates import sentinel_cut, substitute, templated
from tests.indicators.test_core import CORE, source  # noqa: F401


def fresh(source: Source) -> Source:  # noqa: F811
    """The same tables with nothing kept."""
    return Source(
        tables=source.tables,
        dialect=source.dialect,
        run_sql=source.run_sql,
        parallel=source.parallel,
    )


def test_substitution_of_years_and_values() -> None:
    cut = Cut(2568, 2, ("school",), {"school": (3, 14), "sex": ("F",)})
    sentinel = sentinel_cut(cut)
    assert sentinel.year_be == 8888 and sentinel.term == 2 and sentinel.by == ("school",)
    assert dict(sentinel.where) == {"school": (770000000,), "sex": ("qinfo~sex~0",)}
    text = (
        "y = 8888 AND n = 8889 AND d = '8345-06-10' AND s IN (770000000)"
        " AND x IN ('qinfo~sex~0') AND t1.c = 18888"
    )
    assert substitute(text, cut) == (
        "y = 2568 AND n = 2569 AND d = '2025-06-10' AND s IN (3, 14)"
        " AND x IN ('F') AND t1.c = 18888"
    )
    assert substitute("'qinfo~sex~0'", Cut(2568, where={"sex": ("O'Neil",)})) == "'O''Neil'"


def test_kept_templates_give_what_a_fresh_compilation_gives(source: Source) -> None:  # noqa: F811
    shapes = [
        Cut(2568, by=("school",)),
        Cut(2567, by=("school",)),  # same shape, another year: from the template
        Cut(2568, 1, where={"school": (100,)}),
        Cut(2568, 1, where={"school": (200,)}),  # same shape, other values
        Cut(2568, 2, ("sex",), {"poverty": ("extremely_poor", "not_screened")}),
        Cut(2568, 2, ("sex",), {"poverty": ("not_extremely_poor", "not_screened")}),
        # a longer list, the same shape: from the template
        Cut(
            2568, 2, ("sex",), {"poverty": ("extremely_poor", "not_extremely_poor", "not_screened")}
        ),
        Cut(2568, 1, where={"school": (100, 200, 300)}),
    ]
    for cut in shapes:
        kept = compute(source, cut, CORE)
        pd.testing.assert_frame_equal(kept, compute(fresh(source), cut, CORE))
        assert statements(source, cut, CORE) == statements(fresh(source), cut, CORE)
    assert sum(isinstance(v, str) for v in source.templates.values()) >= 3 * 3  # kept per shape
    assert dt.date(2025, 6, 10).year == 2568 - 543


def test_what_cannot_be_templated_is_compiled_afresh(source: Source) -> None:  # noqa: F811
    reads = fresh(source)

    def reading(cut: Cut) -> str:  # reads data while building: its SQL holds data
        reads.execute(reads.table("students").count().as_table())
        return f"SELECT {cut.year_be}"

    assert templated(reads, Cut(2568), ("x",), reading) == "SELECT 2568"
    assert templated(reads, Cut(2567), ("x",), reading) == "SELECT 2567"
    assert not [v for v in reads.templates.values() if isinstance(v, str)]

    odd = fresh(source)

    def doubling(cut: Cut) -> str:  # uses the year in a way substitution cannot follow
        return f"SELECT {cut.year_be * 2}"

    assert templated(odd, Cut(2568), ("y",), doubling) == "SELECT 5136"
    assert templated(odd, Cut(2567), ("y",), doubling) == "SELECT 5134"
    assert odd.templates[("checked", ("y",), False)] is False
