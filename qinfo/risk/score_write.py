"""Writing a day's scores: many rows per plain ``INSERT … ON CONFLICT … DO UPDATE`` statement
(on PostgreSQL, COPY into a temporary table and one ``INSERT … SELECT … ON CONFLICT``).

``bulk_create`` builds SQL for every value of every row (and a model instance per row); for a
city's 10,000 scores with three JSON columns that was most of the nightly scoring's time. Here the
rows are value tuples, adapted once per value kind, written with as many rows per statement as the
engine allows (Django's ``bulk_batch_size``), and a child already scored that day has its row
updated in place (its primary key stays, so alerts that point to it keep it). The SQL is the same
on SQLite (3.24 and later) and PostgreSQL, and the database still checks every constraint; the
same choice as attendance marks (docs/decisions/0006-attendance-insert.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, cast

from django.db import connection, models
from django.utils import timezone

from qinfo.risk.models import RiskScore

#: The columns written, in the order of each row's values.
COLUMNS = (
    "student_id",
    "school_id",
    "classroom_id",
    "as_of",
    "level",
    "probability",
    "ruleset_id",
    "model_id",
    "fired",
    "factors",
    "indicators",
    "computed_at",
)
#: What identifies a row: a child's score of a day.
KEY = ("student_id", "as_of")


def upsert_scores(
    as_of: dt.date,
    *,
    students: Sequence[int],
    schools: Sequence[int],
    classrooms: Sequence[int | None],
    levels: Sequence[str],
    probabilities: Sequence[float | None],
    ruleset_id: int,
    model_id: int | None,
    fired: Sequence[list[dict[str, Any]]],
    factors: Sequence[list[dict[str, Any]]],
    indicators: Sequence[dict[str, Any]],
) -> None:
    """Writes one score per child for ``as_of`` (call inside the caller's transaction)."""
    n = len(students)
    if not n:
        return
    meta = RiskScore._meta
    fields = [
        cast("models.Field[Any, Any]", meta.get_field(name.removesuffix("_id"))) for name in COLUMNS
    ]
    day = meta.get_field("as_of").get_db_prep_save(as_of, connection)
    now = meta.get_field("computed_at").get_db_prep_save(timezone.now(), connection)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.get_attname_column()[1]) for f in fields)
    head = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES "
    one = f"({', '.join(['%s'] * len(COLUMNS))})"
    updates = ", ".join(
        f"{quote(name)} = excluded.{quote(name)}" for name in COLUMNS if name not in KEY
    )
    tail = f" ON CONFLICT ({', '.join(quote(k) for k in KEY)}) DO UPDATE SET {updates}"
    size = max(1, connection.ops.bulk_batch_size(fields, list(range(n))))
    adapt = connection.ops.adapt_json_value  # looked up once: the proxy costs per call
    nothing = adapt([], None)  # most children have no fired rule and no factor

    def json(value: Any) -> Any:
        return adapt(value, None) if value else nothing

    rows = [
        (
            students[i],
            schools[i],
            classrooms[i],
            day,
            levels[i],
            probabilities[i],
            ruleset_id,
            model_id,
            json(fired[i]),
            json(factors[i]),
            adapt(indicators[i], None),
            now,
        )
        for i in range(n)
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _copy_then_upsert(cursor, meta.db_table, columns, rows, tail)
            return
        for start in range(0, n, size):
            chunk = rows[start : start + size]
            params = [value for row in chunk for value in row]
            cursor.execute(head + ", ".join([one] * len(chunk)) + tail, params)


def _copy_then_upsert(
    cursor: Any, table: str, columns: str, rows: list[tuple[Any, ...]], tail: str
) -> None:
    """PostgreSQL: the rows go through COPY into a temporary table (dropped at commit), then one
    INSERT … SELECT … ON CONFLICT. Binding a hundred thousand values one by one (Django's
    psycopg cursors bind on the client) took most of the nightly scoring's time there."""
    load = f"{table}_load"
    cursor.execute(
        f"CREATE TEMPORARY TABLE {load} ON COMMIT DROP "
        f"AS SELECT {columns} FROM {table} WITH NO DATA"
    )
    with cursor.cursor.copy(f"COPY {load} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {load}{tail}")
    cursor.execute(f"DROP TABLE {load}")  # at once: a second scoring may share the transaction
