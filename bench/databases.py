"""A fresh, temporary database for one benchmark run, and the machine it runs on.

SQLite: a file in a temporary directory. PostgreSQL: a new database on the server that DATABASE_URL
names (created and dropped here), or else a throwaway cluster started with scripts/pg-cluster.
"""

from __future__ import annotations

import json
import os
import platform
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PG_CLUSTER = ROOT / "scripts" / "pg-cluster"


@dataclass(frozen=True)
class BenchDatabase:
    engine: str  # "sqlite" or "postgres"
    workdir: Path  # scratch space that disappears after the run
    sqlite_path: Path | None
    database_url: str | None

    def env(self) -> dict[str, str]:
        """The environment for a qinfo subprocess: this database, and var/ left alone."""
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "QINFO_DB")}
        env["QINFO_VAR_DIR"] = str(self.workdir / "var")
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


@contextmanager
def _database_on(url: str) -> Iterator[str]:
    import psycopg

    name = f"qinfo_bench_{secrets.token_hex(4)}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(url, name)
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def _throwaway_cluster(workdir: Path) -> Iterator[str]:
    if not PG_CLUSTER.is_file():
        raise RuntimeError(f"{PG_CLUSTER} is missing: set DATABASE_URL to a PostgreSQL server")
    cluster = workdir / "pg"
    started = subprocess.run(
        ["bash", str(PG_CLUSTER), "start", str(cluster)], capture_output=True, text=True
    )
    if started.returncode != 0:
        raise RuntimeError(f"scripts/pg-cluster failed:\n{started.stderr}")
    try:
        yield started.stdout.strip()
    finally:
        subprocess.run(["bash", str(PG_CLUSTER), "stop", str(cluster)], capture_output=True)


@contextmanager
def fresh_database(engine: str) -> Iterator[BenchDatabase]:
    workdir = Path(tempfile.mkdtemp(prefix="qinfo-bench-"))
    # The cluster's owner (an unprivileged user when we are root) must reach into the directory.
    workdir.chmod(0o755)
    try:
        if engine == "sqlite":
            yield BenchDatabase(engine, workdir, workdir / "bench.sqlite3", None)
        elif engine == "postgres":
            server = os.environ.get("DATABASE_URL")
            with _throwaway_cluster(workdir) if not server else _database_on(server) as url:
                yield BenchDatabase(engine, workdir, None, url)
        else:
            raise ValueError(f"unknown database engine {engine!r}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def machine() -> str:
    """CPU model, cores, memory and OS, in a few words."""
    cpu = platform.processor() or platform.machine()
    memory = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f", {round(int(line.split()[1]) / 1024**2)} GiB RAM"
                break
    except OSError:
        pass
    system = platform.system()
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                system = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{cpu}, {cores} cores{memory}, {system}"


def run_module(database: BenchDatabase, module: str, *args: str) -> dict[str, Any]:
    """``python -m module args…`` in a subprocess with the database's environment (its own
    process: its peak memory is its own); the JSON of its last line of output, also echoed to
    stderr."""
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env=database.env(),
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    print(json.dumps(result), file=sys.stderr)
    return result
