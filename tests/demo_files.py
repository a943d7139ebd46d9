"""The small demo, built by the real command into temporary SQLite files (the session's
fixtures `small_demo`, `small_demo_again` and `small_demo_other_seed` are in tests/conftest.py,
so every test package shares one build of each).

The builds run `qinfo demo --no-serve` in a subprocess, exactly as a person would, on SQLite even in
the PostgreSQL pass (test_in_database.py runs the generator on the suite's own database instead).
Tests read the files with the sqlite3 module: no Django connection is involved.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

TODAY = "2026-11-20"


def build_small_demo(path: Path, seed: int) -> Path:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "QINFO_DB")}
    env["QINFO_VAR_DIR"] = str(path.parent / "var")
    command = [
        sys.executable, "-m", "qinfo.cli", "demo", "--no-serve", "--scale", "small",
        "--seed", str(seed), "--today", TODAY, "--db", str(path),
    ]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return path


class DemoFile:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return self.db.execute(sql, params).fetchall()

    def value(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        return self.db.execute(sql, params).fetchone()[0]
