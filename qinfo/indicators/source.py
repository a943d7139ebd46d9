"""Where the indicators read their tables from: one `Source` per engine (docs/definitions.md §20).

A `Source` gives each logical table of `tables.SCHEMA` as an Ibis table whose columns and types
are exactly those of SCHEMA, whatever the engine stores (SQLite keeps dates as text and booleans
as integers, PostgreSQL decimals as numeric, Parquet whatever it was written with), and runs Ibis
expressions to pandas frames converted to the expression's schema. Two kinds:

- `Source.for_sql(physical, dialect, run_sql)`: SQL compiled by Ibis (no connection needed) and
  sent by the caller's `run_sql(sql) -> (column names, rows)`. The Django side uses it with
  Django's own cursor, so each thread uses its own connection, Django counts and logs every
  statement, and no schema introspection ever runs (the tables are declared, not discovered).
- `Source.for_parquet(directory)`: an in-memory DuckDB over `<directory>/<table>.parquet`.
"""

from __future__ import annotations

import os
import threading
import warnings
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd
import pyarrow as pa
from ibis.formats.pandas import PandasData

from qinfo.indicators.tables import SCHEMA

UNSELECTED = "_qinfo_never_selected"

RunSql = Callable[[str], tuple[Sequence[str], Sequence[Sequence[Any]]]]


@dataclass(frozen=True)
class Physical:
    """A stored table behind one logical table: its name, its columns as stored (logical name →
    (stored column, Ibis type as stored)) and an optional filter over the stored columns."""

    table: str
    columns: Mapping[str, tuple[str, str]]
    where: Callable[[ir.Table], ir.BooleanValue] | None = None


def conform(table: ir.Table, name: str) -> ir.Table:
    """The table reduced to SCHEMA[name]'s columns, in order, each cast to its SCHEMA type."""
    wanted = SCHEMA[name]
    return table.select(
        **{
            column: (
                table[column]
                if table[column].type() == ibis.dtype(kind)
                else table[column].cast(kind)
            )
            for column, kind in wanted.items()
        }
    )


def _logical(name: str, physical: Physical) -> ir.Table:
    # The stored table has more columns than Ibis is told of: one column it never selects keeps
    # Ibis from writing a projection of every declared column as `SELECT *`.
    declared = {col: kind for col, kind in physical.columns.values()} | {UNSELECTED: "int64"}
    stored = ibis.table(declared, name=physical.table)
    if physical.where is not None:
        stored = stored.filter(physical.where(stored))
    renamed = stored.select(
        **{logical: stored[col] for logical, (col, _kind) in physical.columns.items()}
    )
    return conform(renamed, name)


@dataclass
class Source:
    """The logical tables of one engine and a way to run SQL on it. Every statement is SQL text
    compiled by Ibis for `dialect` and sent by `run_sql`, whatever the engine: the compiled text
    can then be kept and reused (`qinfo.indicators.compute` does, per shape of cut)."""

    tables: Mapping[str, ir.Table]
    dialect: str
    run_sql: RunSql = field(repr=False)
    label: str = ""
    backend: Any = field(default=None, repr=False)
    #: Compiled SQL kept by `compute` (shape of a cut → template); safe to share between threads.
    #: Any mapping: the dashboards give one that also keeps them in a cache all processes share.
    templates: MutableMapping[Any, Any] = field(default_factory=dict, repr=False)
    #: How many statements `compute` runs side by side (threads; 1: one after the other).
    parallel: int = 1
    #: Statements run by `execute` (templates.py never keeps an indicator that runs any).
    executions: int = field(default=0, repr=False)
    #: Tables the engine keeps, computed once for every period (`qinfo.indicators.kept`).
    kept: dict[str, ir.Table] = field(default_factory=dict, repr=False)
    #: The only periods (year_be, term or 0) kept, when not all of them were (`kept.keep`).
    kept_periods: frozenset[tuple[int, int]] | None = field(default=None, repr=False)

    def table(self, name: str) -> ir.Table:
        """The logical table `name`, columns and types exactly as in SCHEMA."""
        if name not in SCHEMA:
            raise KeyError(f"no logical table {name!r}; see qinfo.indicators.tables.SCHEMA")
        return self.tables[name]

    def sql(self, expr: ir.Expr) -> str:
        """The SQL text of an expression over this source's tables."""
        return str(ibis.to_sql(_as_table(expr), dialect=self.dialect))

    def rows(self, sql: str) -> pd.DataFrame:
        """Run one statement; its rows as the engine gave them, columns named as it named them."""
        columns, rows = self.run_sql(sql)
        return pd.DataFrame.from_records(list(rows), columns=list(columns))

    def run(self, sql: str, schema: ibis.Schema) -> pd.DataFrame:
        """Run one statement; a pandas frame typed by `schema` (the same on every engine)."""
        return typed(self.rows(sql), schema)

    def execute(self, expr: ir.Expr) -> pd.DataFrame:
        """Run one Ibis table expression: one statement to the engine, a pandas frame typed by
        the expression's schema."""
        table = _as_table(expr)
        self.executions += 1
        return self.run(self.sql(table), table.schema())

    def keep(self, name: str, expr: ir.Table) -> ir.Table:
        """The expression's rows computed once into a table of the engine named `name`
        (replaced if it exists), as an Ibis table to build on. DuckDB sources only."""
        if self.dialect != "duckdb":
            raise NotImplementedError("only a DuckDB source keeps tables")
        self.backend.con.execute(f'CREATE OR REPLACE TABLE "{name}" AS {self.sql(expr)}')
        return self.backend.table(name)

    @classmethod
    def for_sql(cls, physical: Mapping[str, Physical], dialect: str, run_sql: RunSql) -> Source:
        """Ibis over a SQL database reached by `run_sql` (`dialect`: "sqlite" or "postgres")."""
        tables = {name: _logical(name, physical[name]) for name in SCHEMA}
        return cls(tables=tables, dialect=dialect, run_sql=run_sql, label=dialect)

    @classmethod
    def for_parquet(cls, directory: str | Path, *, load: bool = False) -> Source:
        """DuckDB (in memory) over `<directory>/<table>.parquet` for every table of SCHEMA: the
        files read by every statement, or with `load`, read once into DuckDB's own tables (a
        snapshot queried many times: statements then skip decoding Parquet)."""
        directory = Path(directory)
        missing = [name for name in SCHEMA if not (directory / f"{name}.parquet").is_file()]
        if missing:
            raise FileNotFoundError(
                f"{directory}: missing {', '.join(f'{m}.parquet' for m in missing)}"
            )
        con = ibis.duckdb.connect()
        tables = {}
        for name in SCHEMA:
            path = directory / f"{name}.parquet"
            quoted = str(path).replace("'", "''")
            if load:
                # Marks in date order: DuckDB's per-block minima and maxima then skip the
                # blocks outside a period's dates.
                order = " ORDER BY date" if name == "attendance" else ""
                con.con.execute(
                    f"CREATE TABLE {name} AS SELECT * FROM read_parquet('{quoted}'){order}"
                )
            else:
                # A view of the database, not of this connection (Ibis' read_parquet makes a
                # temporary one), so that the other threads' cursors see it too.
                con.con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{quoted}')")
            table = con.table(name)
            tables[name] = conform(table, name)
        return cls.for_duckdb(con, tables)

    @classmethod
    def for_frames(cls, frames: Mapping[str, pd.DataFrame | Sequence[Mapping[str, Any]]]) -> Source:
        """DuckDB (in memory) over the given rows (tests, hand-made data): each table a pandas
        frame or a list of dicts with SCHEMA's columns; a table not given is empty."""
        con = ibis.duckdb.connect()
        tables = {}
        for name, columns in SCHEMA.items():
            given = frames.get(name, [])
            schema = ibis.schema(columns).to_pyarrow()
            if isinstance(given, pd.DataFrame):
                data = pa.Table.from_pandas(
                    given[list(columns)], schema=schema, preserve_index=False
                )
            else:
                data = pa.Table.from_pylist([dict(row) for row in given], schema=schema)
            tables[name] = conform(con.create_table(name, ibis.memtable(data)), name)
        return cls.for_duckdb(con, tables)

    @classmethod
    def for_duckdb(cls, con: Any, tables: Mapping[str, ir.Table]) -> Source:
        """An Ibis DuckDB backend whose tables (named as in SCHEMA) are conformed to SCHEMA."""
        local = threading.local()

        def run_sql(sql: str) -> tuple[Sequence[str], Sequence[Sequence[Any]]]:
            # A cursor per thread (DuckDB: another connection to the same database), so that
            # the threads of a web server run their statements side by side.
            cursor = getattr(local, "cursor", None)
            if cursor is None:
                cursor = local.cursor = con.con.cursor()
            cursor.execute(sql)
            names = [d[0] for d in cursor.description or ()]
            return names, cursor.fetchall()

        return cls(
            tables=tables,
            dialect="duckdb",
            run_sql=run_sql,
            label="duckdb",
            backend=con,
            parallel=max(1, min(4, os.cpu_count() or 1)),
        )


def _as_table(expr: ir.Expr) -> ir.Table:
    return expr if isinstance(expr, ir.Table) else expr.as_table()


def typed(frame: pd.DataFrame, schema: ibis.Schema) -> pd.DataFrame:
    """`frame` converted to the pandas types of `schema`, the same on every engine."""
    if frame.empty:
        frame = pd.DataFrame({name: pd.Series([], dtype=object) for name in schema.names})
    frame.columns = list(schema.names)
    with warnings.catch_warnings():
        # Ibis 12 reads pandas' deprecated `future.infer_string` option on every conversion.
        warnings.simplefilter("ignore", getattr(pd.errors, "Pandas4Warning", FutureWarning))
        return PandasData.convert_table(frame, schema)
