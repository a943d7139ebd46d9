"""The same indicator set gives identical results on the suite's database (SQLite in the SQLite
pass, PostgreSQL in the PostgreSQL pass) and on DuckDB over the pseudonymised Parquet export of
the small demo, read as files and opened as the dashboards open a snapshot (loaded, the shared
parts kept): same rows, values equal to 1e-9. Every indicator of INDICATORS is included, so
indicators added later are checked without touching this file."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from django.core.management import call_command

from qinfo.dashboards.snapshot import open_source
from qinfo.dashboards.source import django_source
from qinfo.indicators.compute import compute
from qinfo.indicators.frame import Cut
from qinfo.indicators.registry import INDICATORS
from qinfo.indicators.source import Source

CUTS: list[tuple[str, tuple[str, ...], dict[str, tuple[Any, ...]]]] = [
    ("city", (), {}),
    ("school", ("school",), {}),
    ("grade-sex-poverty", ("grade", "sex", "poverty"), {}),
    ("girls-by-network-classroom", ("network", "classroom"), {"sex": ("F",)}),
    ("poor-by-school", ("school",), {"poverty": ("extremely_poor",)}),
]


@pytest.fixture(scope="module")
def export(
    demo_database: dict[str, int], django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    target = tmp_path_factory.mktemp("parquet") / "export"
    with django_db_blocker.unblock():
        call_command("indicators_export_parquet", str(target))
    return target


@pytest.fixture(scope="module")
def parquet_source(export: Path) -> Source:
    return Source.for_parquet(export)


@pytest.fixture(scope="module")
def kept_source(export: Path) -> Source:
    """The same export opened as the dashboards open a snapshot: loaded, with the populations
    and the marks counts of every period kept (qinfo.indicators.kept)."""
    return open_source(export)


@pytest.fixture(scope="module")
def demo_years(demo_database: dict[str, int], django_db_blocker: Any) -> list[int]:
    from qinfo.organisations.models import AcademicYear

    with django_db_blocker.unblock():
        return sorted(set(AcademicYear.objects.values_list("year_be", flat=True)))


def assert_same(left: pd.DataFrame, right: pd.DataFrame, what: str) -> None:
    assert list(left.columns) == list(right.columns), what
    assert len(left) == len(right), f"{what}: {len(left)} rows against {len(right)}"
    keys = [c for c in left.columns if c not in ("numerator", "denominator", "value", "reference")]
    for column in keys:
        mismatch = [
            (a, b)
            for a, b in zip(left[column], right[column], strict=True)
            if not (a == b or (pd.isna(a) and pd.isna(b)))
        ]
        assert not mismatch, f"{what}: column {column} differs: {mismatch[:5]}"
    for column in ("numerator", "denominator", "value", "reference"):
        for n, (a, b) in enumerate(zip(left[column], right[column], strict=True)):
            same = (math.isnan(a) and math.isnan(b)) or abs(a - b) <= 1e-9 * max(
                1.0, abs(a), abs(b)
            )
            assert same, (
                f"{what}: {column} of row {n} ({left.iloc[n]['indicator']}) is {a} against {b}"
            )


@pytest.mark.parametrize("name,by,where", CUTS, ids=[c[0] for c in CUTS])
def test_database_and_parquet_agree(
    db: None,
    parquet_source: Source,
    kept_source: Source,
    demo_years: list[int],
    name: str,
    by: tuple[str, ...],
    where: dict,
) -> None:
    database = django_source()
    checked: set[str] = set()
    # The city: the first year and the one before the running one as years, the running one as a
    # year and as each term; each other cut one period (the suite runs this on PostgreSQL too,
    # where the whole set takes about half a minute per period on the small demo).
    first, before, last = demo_years[0], demo_years[-2], demo_years[-1]
    periods = {
        "city": [(first, None), (before, None), (last, None), (last, 1), (last, 2)],
        "school": [(last, None)],
        "grade-sex-poverty": [(before, 2)],
        "girls-by-network-classroom": [(last, 1)],
        "poor-by-school": [(before, None)],
    }[name]
    for year, term in periods:
        cut = Cut(year, term, by, where)
        here = compute(database, cut)
        there = compute(parquet_source, cut)
        assert_same(here, there, f"{cut.key()}")
        assert_same(here, compute(kept_source, cut), f"{cut.key()} (kept)")
        checked |= set(here["indicator"])
    # Every indicator gave rows somewhere (an indicator that never computes proves nothing).
    if name == "city":
        assert checked == set(INDICATORS), f"no rows for {sorted(set(INDICATORS) - checked)}"


def test_the_export_is_what_the_parquet_source_reads(parquet_source: Source, db: None) -> None:
    database = django_source()
    for table in ("enrolments", "attendance", "poverty"):
        here = database.execute(database.table(table).count().as_table())
        there = parquet_source.execute(parquet_source.table(table).count().as_table())
        assert int(here.iloc[0, 0]) == int(there.iloc[0, 0]) > 0
