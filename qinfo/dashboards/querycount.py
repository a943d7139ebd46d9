"""Counting every SQL statement a piece of code sends, Django's and the indicators' alike.

The indicators' SQL (compiled by Ibis) goes through Django's cursor (`dashboards.source.run_sql`),
so one Django execute wrapper sees every statement on SQLite and on PostgreSQL, with no debug
mode needed. Counts the current thread's connections (the test client runs in it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connections


@dataclass
class QueryCount:
    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.statements)


@contextmanager
def counting_queries() -> Iterator[QueryCount]:
    """`with counting_queries() as counted: ...` then `counted.count` (and `.statements`)."""
    counted = QueryCount()

    def wrapper(
        execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        counted.statements.append(sql)
        return execute(sql, params, many, context)

    with ExitStack() as stack:
        for alias in connections:
            stack.enter_context(connections[alias].execute_wrapper(wrapper))
        yield counted
