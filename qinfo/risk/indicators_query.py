"""Reading query results into pandas quickly, for the indicators (docs/definitions.md §15).

``frame_of`` runs the SQL that Django compiles for ``values_list(*fields)`` on the database
cursor and hands the rows to pandas as they come, without Django's per-value converters (which
cost more than the query itself at tens of thousands of rows). The values are the driver's own:
callers turn them into floats, booleans arrive as 0/1 on SQLite and True/False on PostgreSQL,
and dates as text on SQLite and ``date`` on PostgreSQL (``pandas.to_datetime`` reads both).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Manager, QuerySet

#: Up to this many children, queries name them (an IN list); beyond, they read the whole date
#: range and keep the children wanted.
SMALL_SELECTION = 2000


def only(
    rows: Manager[Any] | QuerySet[Any], wanted: Sequence[int] | None, field: str = "student_id"
) -> QuerySet[Any]:
    """The rows of the wanted children (all rows when ``wanted`` is None)."""
    return rows.all() if wanted is None else rows.filter(**{f"{field}__in": wanted})


def frame_of(rows: QuerySet[Any], fields: Sequence[str], order: Sequence[str] = ()) -> pd.DataFrame:
    """``rows.order_by(*order).values_list(*fields)`` as a DataFrame with those columns (no
    ORDER BY without ``order``: a model's default ordering would also spoil DISTINCT)."""
    query = rows.order_by(*order).values_list(*fields)
    inner = query.query
    # The SELECT's column order, as Django's ValuesListIterable reads it.
    names = [*inner.extra_select, *inner.values_select, *inner.annotation_select]
    try:
        sql, params = inner.get_compiler(query.db).as_sql()
    except EmptyResultSet:  # e.g. an empty IN list
        return pd.DataFrame(columns=list(fields))
    with connections[query.db].cursor() as cursor:
        cursor.execute(sql, params)
        data = cursor.fetchall()
    return pd.DataFrame.from_records(data, columns=names)[list(fields)]
