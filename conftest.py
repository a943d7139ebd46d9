"""Test-run set-up shared by every test in the repository (tests/ and the apps' own tests).

- Settings are loaded in testing mode (QINFO_TESTING=1) before Django starts. pytest-django would
  load the settings before any conftest is imported if DJANGO_SETTINGS_MODULE were in the pytest
  ini options, so it is set here instead, and Django is set up here, early enough for conftests
  further down to import models.
- The database is whatever the settings say: SQLite by default (pytest-django makes an in-memory
  test database; the WAL/foreign-key PRAGMAs of qinfo.settings apply to it unchanged), PostgreSQL
  when DATABASE_URL is set (`make test-postgres` starts a throwaway server and sets it). The report
  header names the engine, so a log shows which pass it is.
- On SQLite, flushing the database after a transactional test (every live-server/browser test)
  would hit the triggers that keep audit events append-only; the flush drops the triggers, deletes,
  and recreates them from their own stored SQL, in one transaction. PostgreSQL flushes by TRUNCATE,
  which row triggers do not see.
- Browser tests (marker `browser`) run last. They drive Playwright's sync API, which keeps an event
  loop running in the main thread for as long as Playwright is started (often the whole session);
  Django's ORM refuses to run beside a running loop unless DJANGO_ALLOW_ASYNC_UNSAFE is set. It is
  set from the first browser test on, so every other test keeps Django's async-safety check and no
  other test's subprocess inherits the variable (`check --deploy` rejects it).
- Tests leave var/ alone: static and media roots point into a temporary directory.
- A skipped test counts as a failure: every test must run and pass on both engines. Deselect
  instead (`-m "not browser"`) where a pass deliberately leaves tests out.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Generator
from pathlib import Path

import pytest

os.environ["QINFO_TESTING"] = "1"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qinfo.settings")

import django
import django.conf

django.setup()

# Tests leave var/ alone (it may not even exist in a fresh clone).
_FILES = Path(tempfile.mkdtemp(prefix="qinfo-test-files-"))
atexit.register(shutil.rmtree, _FILES, ignore_errors=True)
for _name in ("static", "media"):
    (_FILES / _name).mkdir()
django.conf.settings.STATIC_ROOT = _FILES / "static"
django.conf.settings.MEDIA_ROOT = _FILES / "media"

# The sqlite3 backend's modules import each other; its operations module loads through its base.
import django.db.backends.sqlite3.base  # noqa: E402
from django.db.backends.base.base import BaseDatabaseWrapper  # noqa: E402
from django.db.backends.sqlite3.operations import DatabaseOperations as SQLiteOperations  # noqa: E402

NO_SKIPS = "skipped tests are not allowed in qinfo (deselect them with -m instead): "


def pytest_report_header(config: pytest.Config) -> list[str]:
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        where = "in-memory test database"
    else:
        where = f"{settings.get('HOST') or 'local socket'}:{settings.get('PORT') or 'default'}"
    return [f"qinfo database: {connection.vendor} ({where})"]


_plain_sqlite_flush = SQLiteOperations.execute_sql_flush


def _sqlite_flush_past_triggers(self: SQLiteOperations, sql_list: list[str]) -> None:
    connection: BaseDatabaseWrapper = self.connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        triggers = cursor.fetchall()
    drop = [f"DROP TRIGGER {connection.ops.quote_name(name)}" for name, _ in triggers]
    create = [sql for _, sql in triggers if sql]
    _plain_sqlite_flush(self, [*drop, *sql_list, *create])


@pytest.fixture(autouse=True, scope="session")
def _flush_past_append_only_triggers() -> Generator[None, None, None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SQLiteOperations, "execute_sql_flush", _sqlite_flush_past_triggers)
        yield


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Browser tests last (a stable sort keeps the rest in order): see the module docstring.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    # Before any fixture of the first browser test; left on for the browser tests after it.
    if item.get_closest_marker("browser") is not None:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def _skip_reason(longrepr: object) -> str:
    # A skip's longrepr is (path, line, "Skipped: reason").
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2])
    return str(longrepr)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.skipped:  # an expected failure is reported as skipped too: no exception for it
        report.outcome = "failed"
        report.longrepr = NO_SKIPS + _skip_reason(report.longrepr)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(
    collector: pytest.Collector,
) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
    report = yield
    if report.skipped:
        report.outcome = "failed"
        report.longrepr = NO_SKIPS + _skip_reason(report.longrepr)
    return report
