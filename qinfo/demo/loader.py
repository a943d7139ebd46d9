"""Bulk loading through Django's connection: plain SQL with %s placeholders, on SQLite and
PostgreSQL alike.

This is a loader, not a service: it writes prepared, consistent rows straight into the tables, in
the caller's transaction, and bypasses the per-row services on purpose (one audit event describes
the whole build). Large tables are loaded without their secondary indexes (and, on PostgreSQL,
without their foreign keys), which are put back afterwards: building an index once is much
cheaper than keeping it up to date row by row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain, islice
from typing import Any
from zoneinfo import ZoneInfo

from django.core.management.color import no_style
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper

BANGKOK = ZoneInfo("Asia/Bangkok")
CHUNK = 10_000


class Loader:
    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection
        self.vendor = connection.vendor
        self._stamps: dict[tuple[dt.date, int], Any] = {}

    def q(self, name: str) -> str:
        return self.connection.ops.quote_name(name)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall()) if cursor.description else []

    # Values -------------------------------------------------------------------------------
    def stamp(self, day: dt.date, hour: int = 8, minute: int = 0) -> Any:
        """A database value for a local (Bangkok) time on a day, as Django would store it."""
        key = (day, hour * 60 + minute)
        if key not in self._stamps:
            moment = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=BANGKOK)
            self._stamps[key] = self.connection.ops.adapt_datetimefield_value(moment)
        return self._stamps[key]

    # Keys ---------------------------------------------------------------------------------
    def max_id(self, model: type[models.Model]) -> int:
        rows = self.execute(f"SELECT MAX({self.q('id')}) FROM {self.q(model._meta.db_table)}")
        return int(rows[0][0] or 0)

    def reset_sequences(self, model_list: Sequence[type[models.Model]]) -> None:
        """After inserting explicit keys, PostgreSQL's sequences must be moved past them."""
        for sql in self.connection.ops.sequence_reset_sql(no_style(), list(model_list)):
            self.execute(sql)

    # Inserts ------------------------------------------------------------------------------
    def columns(self, model: type[models.Model], fields: Sequence[str]) -> str:
        names = []
        for name in fields:
            field = model._meta.get_field(name)
            assert isinstance(field, models.Field), f"{name} is not a concrete field"
            names.append(self.q(field.column))
        return ", ".join(names)

    def insert(
        self, model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> int:
        sql = (
            f"INSERT INTO {self.q(model._meta.db_table)} ({self.columns(model, fields)}) "
            f"VALUES ({', '.join(['%s'] * len(fields))})"
        )
        count = 0
        iterator: Iterator[Sequence[Any]] = iter(rows)
        with self.connection.cursor() as cursor:
            while chunk := list(islice(iterator, CHUNK)):
                cursor.executemany(sql, chunk)
                count += len(chunk)
        return count

    def insert_dicts(self, model: type[models.Model], rows: Iterable[dict[str, Any]]) -> int:
        """Rows as {field name: value}, every row with the same fields as the first."""
        iterator = iter(rows)
        first = next(iterator, None)
        if first is None:
            return 0
        fields = list(first)
        return self.insert(
            model, fields, chain([tuple(first.values())], (tuple(r.values()) for r in iterator))
        )

    def through(self, model: type[models.Model], field: str) -> type[models.Model]:
        return model._meta.get_field(field).remote_field.through  # type: ignore[union-attr]

    # Bulk mode for big tables -------------------------------------------------------------
    def _secondary_indexes(self, table: str) -> list[tuple[str, str]]:
        if self.vendor == "sqlite":
            return [
                (name, sql)
                for name, sql in self.execute(
                    "SELECT name, sql FROM sqlite_master "
                    "WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
                    [table],
                )
            ]
        if self.vendor == "postgresql":
            return [
                (name, sql)
                for name, sql in self.execute(
                    "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
                    "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
                    "WHERE t.relname = %s AND pg_table_is_visible(t.oid) AND NOT x.indisprimary "
                    "AND NOT EXISTS "
                    "(SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
                    [table],
                )
            ]
        return []

    def _foreign_keys(self, table: str) -> list[tuple[str, str]]:
        if self.vendor != "postgresql":
            return []
        return [
            (name, definition)
            for name, definition in self.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype = 'f'",
                [self.q(table)],
            )
        ]

    @contextmanager
    def bulk(self, model: type[models.Model]) -> Iterator[None]:
        table = model._meta.db_table
        indexes = self._secondary_indexes(table)
        keys = self._foreign_keys(table)
        for name, _ in indexes:
            self.execute(f"DROP INDEX {self.q(name)}")
        if keys:
            # Dropping or adding a foreign key alters the referenced tables too, which PostgreSQL
            # refuses while they have deferred checks pending: run those checks first.
            self.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for name, _ in keys:
                self.execute(f"ALTER TABLE {self.q(table)} DROP CONSTRAINT {self.q(name)}")
            self.execute("SET CONSTRAINTS ALL DEFERRED")
        yield
        for _, sql in indexes:
            self.execute(sql)
        if keys:
            self.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for name, definition in keys:
                self.execute(
                    f"ALTER TABLE {self.q(table)} ADD CONSTRAINT {self.q(name)} {definition}"
                )
            self.execute("SET CONSTRAINTS ALL DEFERRED")

    def analyze(self) -> None:
        if self.vendor == "sqlite":
            # A sampled ANALYZE: enough for the planner to pick the right index, in a second.
            self.execute("PRAGMA analysis_limit = 1000")
        self.execute("ANALYZE")


@contextmanager
def sqlite_bulk_mode(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """For a brand-new SQLite file that is thrown away if the build fails: keep the rollback
    journal in memory and skip fsync while loading, then return to WAL."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode = MEMORY")
        cursor.execute("PRAGMA synchronous = OFF")
        cursor.execute("PRAGMA cache_size = -1048576")
        cursor.execute("PRAGMA temp_store = MEMORY")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
