"""`qinfo bench`: list the benchmarks, run one, record results, rewrite docs/benchmarks.md."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from typing import Any

from bench.databases import ROOT, fresh_database, machine
from bench.registry import all_benchmarks
from bench.results import record, write_docs


def _git_commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return done.stdout.strip() if done.returncode == 0 else ""


def run_bench(args: argparse.Namespace) -> int:
    benchmarks = all_benchmarks()
    if args.list:
        for each in benchmarks.values():
            better = "<" if each.lower_is_better else ">"
            target = f"{better} {each.target:g} {each.unit}"
            print(f"{each.name:<16} {each.description} (target {target})")
        return 0
    if args.name is None:
        if args.write_docs:
            print(write_docs())
            return 0
        print("qinfo bench: name a benchmark, or use --list / --write-docs", file=sys.stderr)
        return 2
    chosen = benchmarks.get(args.name)
    if chosen is None:
        print(f"qinfo bench: no benchmark {args.name!r}; see `qinfo bench --list`", file=sys.stderr)
        return 2
    bench = chosen
    with fresh_database(args.db) as database:
        value = round(bench.run(database), 1)
    result: dict[str, Any] = {
        "name": bench.name,
        "metric": bench.metric,
        "value": value,
        "unit": bench.unit,
        "target": bench.target,
        "met": bench.met(value),
        "machine": machine(),
    }
    print(json.dumps(result, ensure_ascii=False), flush=True)
    if args.record:
        record(
            {
                **result,
                "db": args.db,
                "recorded": dt.date.today().isoformat(),
                "commit": _git_commit(),
            }
        )
    if args.record or args.write_docs:
        write_docs()
    return 0
