"""Hand-made rows for the efficiency indicators' tests, and a SQLite source over such rows.

Each test runs on DuckDB (`hand_source`, conftest.py) and on SQLite (`sqlite_source` below: the
SQL Ibis compiles for SQLite, sent through the standard library's sqlite3, as the Django source
sends it), so that every formula is checked on two engines.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from typing import Any

from qinfo.indicators.source import Physical, Source
from qinfo.indicators.tables import SCHEMA

Rows = dict[str, list[dict[str, Any]]]
D = dt.date.fromisoformat


def _stored(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def sqlite_source(**tables: list[dict[str, Any]]) -> Source:
    """SQLite (in memory, standard library) over the rows; a table not given is empty."""
    con = sqlite3.connect(":memory:")
    physical = {}
    for name, columns in SCHEMA.items():
        names = ", ".join(f'"{c}"' for c in columns)
        con.execute(f'CREATE TABLE "{name}" ({names})')
        marks = ", ".join("?" for _ in columns)
        rows = [tuple(_stored(row.get(c)) for c in columns) for row in tables.get(name, [])]
        con.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows)
        physical[name] = Physical(name, {c: (c, kind) for c, kind in columns.items()})

    def run(sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
        cursor = con.execute(sql)
        return [d[0] for d in cursor.description], cursor.fetchall()

    return Source.for_sql(physical, "sqlite", run)


def duckdb_source(**tables: list[dict[str, Any]]) -> Source:
    return Source.for_frames(tables)


ENGINES: dict[str, Callable[..., Source]] = {"duckdb": duckdb_source, "sqlite": sqlite_source}


def enrolment(
    eid: int, student: int, classroom: int, school: int, year: int, start: str,
    end: str | None = None, status: str = "active", reason: str = "",
) -> dict[str, Any]:  # fmt: skip
    return {
        "enrolment_id": eid,
        "student_id": student,
        "classroom_id": classroom,
        "school_id": school,
        "year_id": year,
        "start_date": D(start),
        "end_date": D(end) if end else None,
        "status": status,
        "exit_reason": reason,
    }


def classroom(cid: int, school: int, year: int, grade: int) -> dict[str, Any]:
    return {"classroom_id": cid, "school_id": school, "year_id": year, "grade": grade, "room": 1}


def school(sid: int, network: int = 1) -> dict[str, Any]:
    return {
        "school_id": sid,
        "network_id": network,
        "affiliation": "30",
        "lowest_grade": 1,
        "highest_grade": 15,
    }


def year(yid: int, year_be: int, network: int = 1) -> dict[str, Any]:
    start = dt.date(year_be - 543, 5, 16)
    return {
        "year_id": yid,
        "network_id": network,
        "year_be": year_be,
        "start_date": start,
        "end_date": dt.date(year_be - 542, 5, 15),
    }


def term(tid: int, yid: int, number: int, start: str, end: str) -> dict[str, Any]:
    return {
        "term_id": tid,
        "year_id": yid,
        "number": number,
        "start_date": D(start),
        "end_date": D(end),
    }
