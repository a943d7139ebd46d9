"""Compute a set of indicators for one cut: one statement to the engine, one standard frame."""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd

from qinfo.indicators.frame import DIMENSION_TYPES, Cut
from qinfo.indicators.registry import INDICATORS, Indicator
from qinfo.indicators.source import Source, typed
from qinfo.indicators.templates import templated

VALUE_COLUMNS = ("numerator", "denominator", "value", "reference")
#: Threads that run a computation's statements side by side on a source that allows it
#: (`Source.parallel`), shared by every computation of the process.
_POOL = ThreadPoolExecutor(max_workers=8, thread_name_prefix="qinfo-indicators")


def columns(cut: Cut) -> list[str]:
    """The standard columns of a frame of `cut`, in order."""
    return ["indicator", "category", *cut.by, *VALUE_COLUMNS]


def selected(cut: Cut, codes: Iterable[str] | None = None) -> list[Indicator]:
    """The indicators asked for (all by default), in display order, defined for the cut's period."""
    if codes is None:
        chosen = list(INDICATORS.values())
    else:
        wanted = set(codes)
        unknown = wanted - set(INDICATORS)
        if unknown:
            raise KeyError(f"unknown indicator(s): {', '.join(sorted(unknown))}")
        chosen = [i for i in INDICATORS.values() if i.code in wanted]
    return [i for i in chosen if i.applies_to(cut)]


def standard(table: ir.Table, code: str, cut: Cut) -> ir.Table:
    """An indicator's table with the standard columns and types (for the union)."""
    names = set(table.columns)

    def column(name: str, kind: str) -> ir.Value:
        if name in names:
            return table[name].cast(kind)
        return (ibis.literal("") if name == "category" else ibis.null()).cast(kind)

    return table.select(
        indicator=ibis.literal(code),
        category=column("category", "string"),
        **{d: column(d, DIMENSION_TYPES[d]) for d in cut.by},
        numerator=column("numerator", "float64"),
        denominator=column("denominator", "float64"),
        reference=column("reference", "float64"),
    )


def frame_schema(cut: Cut) -> ibis.Schema:
    """The schema of the union (before `value` is added)."""
    return ibis.schema(
        {
            "indicator": "string",
            "category": "string",
            **{d: DIMENSION_TYPES[d] for d in cut.by},
            "numerator": "float64",
            "denominator": "float64",
            "reference": "float64",
        }
    )


@dataclass(frozen=True)
class Statement:
    """One statement of a computation: its SQL, and the indicator whose `then` turns its rows
    into standard ones (None: the rows are standard already)."""

    sql: str
    then: Indicator | None = None


def statements(source: Source, cut: Cut, codes: Iterable[str] | None = None) -> list[Statement]:
    """The SQL computing the indicators for `cut`. On DuckDB, `source.parallel` statements,
    each a flat UNION ALL of some indicators' queries, which `compute` runs side by side (DuckDB
    plans a statement on one thread, and planning is a third of the time of the whole set). On
    SQLite and PostgreSQL one statement per indicator (SQLite's parser stack, 100 deep, does not
    hold some indicators wrapped as subqueries; and PostgreSQL planned the whole set as one
    statement into minutes, where the statements one by one took seconds on the small demo:
    decision 0012). An indicator with `then` is a statement of its own on every engine. Each
    indicator's SQL comes from a template kept per shape of cut (templates.py): Ibis compiles
    each indicator once per shape."""

    def part(chosen: Indicator) -> str:
        def build(shaped: Cut) -> str:
            table = chosen.compute(source, shaped)
            if chosen.then is None:
                table = standard(table, chosen.code, shaped)
            return source.sql(table)

        return templated(source, cut, (chosen.code,), build)

    chosen = selected(cut, codes)
    plain = [part(i) for i in chosen if i.then is None]
    own = [Statement(part(i), i) for i in chosen if i.then is not None]
    if source.dialect == "duckdb" and len(plain) > 1:
        # As many unions as the source runs statements side by side, the parts dealt in turn.
        shares = [plain[k :: source.parallel] for k in range(min(source.parallel, len(plain)))]
        plain = [
            " UNION ALL ".join(f"SELECT * FROM ({sql}) AS q{n}" for n, sql in enumerate(share))
            for share in shares
        ]
    return [Statement(sql) for sql in plain] + own


def finish(frame: pd.DataFrame, cut: Cut) -> pd.DataFrame:
    """Types, `value` and the order of rows of a standard frame (the same on every engine)."""
    frame = frame.copy()
    for name in ("numerator", "denominator", "reference"):
        frame[name] = frame[name].astype("float64")
    for dimension in cut.by:
        if DIMENSION_TYPES[dimension] == "int64":
            frame[dimension] = frame[dimension].astype("Int64")
        else:
            frame[dimension] = frame[dimension].astype(object)
    frame["category"] = frame["category"].fillna("").astype(object)
    numerator, denominator = frame["numerator"].to_numpy(), frame["denominator"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(np.isnan(denominator), numerator, numerator / denominator)
    value[denominator == 0] = np.nan
    frame["value"] = value
    order = {code: n for n, code in enumerate(INDICATORS)}
    frame["_order"] = frame["indicator"].map(order)
    frame = frame.sort_values(["_order", "category", *cut.by], kind="mergesort", na_position="last")
    return frame[columns(cut)].reset_index(drop=True)


def compute(source: Source, cut: Cut, codes: Iterable[str] | None = None) -> pd.DataFrame:
    """The indicators `codes` (all of INDICATORS by default) for `cut`: columns `indicator,
    category, <cut.by...>, numerator, denominator, value, reference` (see `statements`)."""
    if source.kept_periods is not None and (cut.year_be, cut.term or 0) not in source.kept_periods:
        raise ValueError(f"the source keeps other periods than {cut.key()}'s (kept.keep)")
    schema = frame_schema(cut)
    todo = statements(source, cut, codes)
    distinct = list(dict.fromkeys(statement.sql for statement in todo))  # shared queries once
    if source.parallel > 1 and len(distinct) > 1:
        fetched = dict(zip(distinct, _POOL.map(source.rows, distinct), strict=True))
    else:
        fetched = {sql: source.rows(sql) for sql in distinct}
    frames = []
    for statement in todo:
        rows = fetched[statement.sql]
        if statement.then is not None:
            rows = statement.then.then(rows, cut)  # type: ignore[misc]
            rows = rows.assign(indicator=statement.then.code)[list(schema.names)]
        frames.append(typed(rows, schema))
    if not frames:
        return finish(
            pd.DataFrame({name: pd.Series([], dtype=object) for name in schema.names}), cut
        )
    return finish(pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0], cut)
