"""The dashboards' snapshot: the indicators' tables copied into Parquet and read by DuckDB.

The live database (SQLite or PostgreSQL) is built for writing one child's record; scanning its
millions of attendance marks for every dashboard would make pages take seconds to minutes. So the
dashboards read a snapshot: every logical table of `qinfo.indicators.tables.SCHEMA`, written by the
same pseudonymising export as `qinfo indicators export-parquet` into
`QINFO_SNAPSHOT_DIR/<stamp>/`, and queried by DuckDB with the very same indicator definitions
(a test checks they give identical results on all three engines). `refresh()` writes a new one
(`qinfo indicators refresh`, nightly after the scoring; and at the end of `qinfo demo`); a small
pointer file names the current one, replaced atomically, so a reader sees the old or the new
snapshot, never half of one. Dashboards say how old their figures are (docs/definitions.md §20).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from qinfo.dashboards.source import django_source
from qinfo.dashboards.sqlcache import share_templates
from qinfo.indicators.kept import keep
from qinfo.indicators.source import Source

POINTER = "CURRENT"
MANIFEST = "manifest.json"
#: Snapshots kept besides the current one (a request may still be reading the previous one).
KEEP = 1

_lock = threading.Lock()
_open: dict[str, Snapshot] = {}


@dataclass(frozen=True)
class Snapshot:
    name: str
    created_at: dt.datetime
    source: Source


def root() -> Path:
    return Path(settings.QINFO_SNAPSHOT_DIR)


def current_name() -> str | None:
    try:
        name = (root() / POINTER).read_text().strip()
    except FileNotFoundError:
        return None
    return name if name and (root() / name / MANIFEST).is_file() else None


def current() -> Snapshot | None:
    """The current snapshot (opened once per process), or None when none was written yet."""
    name = current_name()
    if name is None:
        return None
    with _lock:
        found = _open.get(name)
        if found is None:
            manifest = json.loads((root() / name / MANIFEST).read_text())
            created = dt.datetime.fromisoformat(manifest["created_at"])
            found = Snapshot(name, created, open_source(root() / name))
            _open.clear()  # the older ones are no longer read by this process
            _open[name] = found
        return found


def open_source(directory: Path) -> Source:
    """DuckDB over a snapshot's files, loaded into memory, with the populations and the marks
    counts of every period computed once (`qinfo.indicators.kept`): seconds once per process,
    then every statement starts from them. Compiled SQL is shared with the other processes
    (`sqlcache`)."""
    source = Source.for_parquet(directory, load=True)
    keep(source)
    return share_templates(source)


def refresh() -> Snapshot:
    """Write a new snapshot of the live database and make it the current one."""
    from qinfo.dashboards.management.commands.indicators_export_parquet import write_export

    base = root()
    base.mkdir(parents=True, exist_ok=True)
    name = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f") + "-" + secrets.token_hex(3)
    staging = base / f".{name}.partial"
    staging.mkdir()
    try:
        manifest = write_export(django_source(), staging, secrets.token_bytes(32))
        manifest["key"] = "random, this snapshot only"
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        staging.rename(base / name)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    pointer = base / f".{POINTER}.{name}"
    pointer.write_text(name + "\n")
    os.replace(pointer, base / POINTER)
    _prune(base, name)
    found = current()
    assert found is not None and found.name == name
    return found


def _prune(base: Path, keep: str) -> None:
    """Remove all but the newest KEEP older snapshots (and leftovers of failed writes)."""
    done = sorted(
        (p for p in base.iterdir() if p.is_dir() and not p.name.startswith(".") and p.name != keep),
        reverse=True,
    )
    for path in done[KEEP:]:
        shutil.rmtree(path, ignore_errors=True)
