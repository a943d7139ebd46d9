"""The `qinfo` command line: clear refusals, and benchmarks reported as one JSON line."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench import registry, results
from bench.cli import run_bench
from bench.registry import Benchmark


def _qinfo(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "qinfo.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_serve_refuses_a_missing_database_in_thai_and_english(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    done = _qinfo("serve", "--db", str(tmp_path / "nowhere.sqlite3"), env=env)
    assert done.returncode == 2
    assert "ไม่พบฐานข้อมูล" in done.stderr and "no database at" in done.stderr
    assert not (tmp_path / "nowhere.sqlite3").exists()


def test_bench_list_names_the_demo_builds() -> None:
    done = _qinfo("bench", "--list")
    assert done.returncode == 0
    names = [line.split()[0] for line in done.stdout.splitlines()]
    assert {"demo-small", "demo-phuket"} <= set(names)


def test_bench_prints_one_json_line_and_records_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    quick = Benchmark("quick", "a stand-in", "seconds", "s", 10, lambda database: 2.5)
    monkeypatch.setattr("bench.cli.all_benchmarks", lambda: {"quick": quick})
    monkeypatch.setattr(results, "all_benchmarks", lambda: {"quick": quick})
    monkeypatch.setattr(results, "RESULTS", tmp_path / "bench-results.jsonl")
    monkeypatch.setattr(results, "DOCS", tmp_path / "benchmarks.md")
    args = argparse.Namespace(list=False, name="quick", db="sqlite", record=True, write_docs=False)
    assert run_bench(args) == 0
    line = json.loads(capsys.readouterr().out)
    assert set(line) == {"name", "metric", "value", "unit", "target", "met", "machine"}
    assert (line["name"], line["value"], line["met"]) == ("quick", 2.5, True)
    assert "cores" in line["machine"]
    assert run_bench(args) == 0  # recorded twice: the table keeps the latest only
    table = (tmp_path / "benchmarks.md").read_text(encoding="utf-8")
    assert table.count("| `quick` | sqlite |") == 1


def test_the_registry_refuses_a_name_twice() -> None:
    registry.all_benchmarks()
    with pytest.raises(ValueError):
        registry.benchmark(name="demo-small", description="", metric="", unit="s", target=1)(
            lambda database: 0.0
        )
