"""Shared fixtures of the indicator tests.

`demo_database`: the small demo loaded once per module into the suite's own test database
(SQLite in the SQLite pass, PostgreSQL in the PostgreSQL pass), inside a transaction rolled back
when the module ends; tests that use it also take `db` (each runs in a savepoint inside it).
`hand_source(**tables)`: a DuckDB source over hand-made rows shaped like SCHEMA.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from qinfo.indicators import all as _all  # noqa: F401  (registers every indicator)
from qinfo.indicators.source import Source

DEMO_TODAY = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def demo_database(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, int]]:
    from django.core.cache import cache

    from qinfo.demo.build import build_demo

    with django_db_blocker.unblock():
        with transaction.atomic():
            summary = build_demo(scale="small", seed=5, today=DEMO_TODAY, early_warning=True)
            cache.clear()
            yield dict(summary.counts)
            transaction.set_rollback(True)
        cache.clear()


def hand_source(**tables: list[dict[str, Any]]) -> Source:
    """A DuckDB source over hand-made rows (tables not given are empty)."""
    return Source.for_frames(tables)
