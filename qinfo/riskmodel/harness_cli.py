"""`qinfo risk evaluate`: the evaluation harness on any student table (docs/risk-evaluation.md).

    qinfo risk evaluate --dataset FILE --at-risk "EXPR" [--drop COL ...] [--group COL ...]
        [--naive "EXPR"] [--protocol cv|temporal] [--folds 10] [--repeats 20] [--json OUT]
        [--time COL] [--k K] [--seed S] [--quiet]

Every refusal is a Thai and an English line on stderr and a non-zero exit (2), never a traceback;
the JSON is written only after a successful evaluation.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path
from typing import Any, NoReturn

import numpy as np

from qinfo.riskmodel.dataset import DatasetError, features, read_table, require_columns
from qinfo.riskmodel.evaluate import PROTOCOLS, Task, evaluate
from qinfo.riskmodel.expr import parse


def _fail(thai: str, english: str, code: int = 2) -> int:
    # The same two-line form as qinfo.cli._fail (this package may not import qinfo.cli).
    print(f"qinfo: {thai}\nqinfo: {english}", file=sys.stderr, flush=True)
    return code


class _Parser(argparse.ArgumentParser):
    """argparse that refuses in both languages instead of exiting on its own."""

    def error(self, message: str) -> NoReturn:
        raise DatasetError(f"ตัวเลือกไม่ถูกต้อง: {message}", f"bad options: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="qinfo risk evaluate",
        description="Evaluate the project's risk models and baselines on a student table (CSV).",
    )
    parser.add_argument("--dataset", required=True, metavar="FILE", help="CSV, delimiter detected")
    parser.add_argument(
        "--at-risk", required=True, metavar="EXPR", help="marks the at-risk rows, e.g. 'G3 < 10'"
    )
    parser.add_argument("--drop", nargs="+", default=[], metavar="COL", help="never features")
    parser.add_argument("--group", nargs="+", default=[], metavar="COL", help="error rates per")
    parser.add_argument("--naive", metavar="EXPR", help="naive baseline (default majority class)")
    parser.add_argument("--protocol", choices=PROTOCOLS, default="cv")
    parser.add_argument("--folds", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--json", metavar="OUT", help="write the report as JSON")
    parser.add_argument("--time", metavar="COL", help="the period column (temporal protocol)")
    parser.add_argument("--k", type=int, help="workload k (default: at-risk rows in the fold)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    return parser


def build_task(args: argparse.Namespace) -> tuple[Task, dict[str, Any]]:
    """Read the table and turn the options into a Task; DatasetError on any bad input."""
    if args.json and not Path(args.json).resolve().parent.is_dir():
        raise DatasetError(
            f"ไม่มีโฟลเดอร์สำหรับไฟล์ {args.json}", f"no folder to write {args.json} into"
        )
    frame = read_table(args.dataset)
    at_risk = parse(args.at_risk)
    naive = parse(args.naive) if args.naive else None
    require_columns(frame, args.drop, "ใน --drop", "in --drop")
    require_columns(frame, args.group, "ใน --group", "in --group")
    if args.time:
        require_columns(frame, [args.time], "ใน --time", "in --time")
    marks = at_risk.evaluate(frame)
    known = frame[sorted(at_risk.columns)].notna().all(axis=1)
    frame, marks = frame[known], marks[known]
    if not known.any():
        raise DatasetError(
            "ทุกแถวไม่มีค่าในคอลัมน์ของ --at-risk", "every row lacks a value that --at-risk needs"
        )
    positives = int(marks.sum())
    if positives == 0:
        raise DatasetError(
            f"ไม่มีแถวใดตรงกับ --at-risk {args.at_risk!r}: ไม่มีกลุ่มเสี่ยงให้ทำนาย",
            f"no row matches --at-risk {args.at_risk!r}: there is no at-risk row to predict",
        )
    if positives == len(marks):
        raise DatasetError(
            f"ทุกแถวตรงกับ --at-risk {args.at_risk!r}: ไม่มีกลุ่มเปรียบเทียบ",
            f"every row matches --at-risk {args.at_risk!r}: there is nothing to compare with",
        )
    if args.k is not None and args.k < 1:
        raise DatasetError("--k ต้องอย่างน้อย 1", "--k must be at least 1")
    exclude = [*at_risk.columns, *args.drop, *([args.time] if args.time else [])]
    X, left_out = features(frame, exclude)
    if X.shape[1] == 0:
        raise DatasetError("ไม่เหลือคอลัมน์ใดให้เป็นตัวแปรทำนาย", "no column is left to predict from")
    task = Task(
        X=X.reset_index(drop=True),
        y=marks.to_numpy(dtype=int),
        naive=naive.evaluate(frame).to_numpy(dtype=bool) if naive else None,
        naive_text=args.naive or "",
        groups={g: frame[g].astype(str).to_numpy(dtype=object) for g in args.group},
        time=frame[args.time].to_numpy() if args.time else None,
    )
    facts = {
        "dataset": str(args.dataset),
        "rows": len(frame),
        "rows_left_out": int((~known).sum()),
        "at_risk": args.at_risk,
        "at_risk_rows": positives,
        "features": list(X.columns),
        "text_columns_left_out": left_out,
        "protocol": args.protocol,
        "folds": args.folds if args.protocol == "cv" else None,
        "repeats": args.repeats if args.protocol == "cv" else None,
        "seed": args.seed,
    }
    return task, facts


def _cell(value: float | None, scale: float = 1.0, digits: int = 3) -> str:
    return "—" if value is None or math.isnan(value) else f"{value * scale:.{digits}f}"


def render(report: dict[str, Any]) -> str:
    lines = [
        f"{report['dataset']}: {report['rows']} rows, {report['at_risk_rows']} at risk "
        f"({report['at_risk']}); protocol {report['protocol']}"
        + (f" {report['repeats']}×{report['folds']}" if report["protocol"] == "cv" else ""),
        "",
        f"{'model':<10} {'PCC %':>7} {'AUC':>6} {'Brier':>6} {'P@k':>6} {'R@k':>6}  note",
    ]
    for m in report["models"]:
        note = "selected" if m["name"] == report["selected"] else m.get("rule", "")
        lines.append(
            f"{m['name']:<10} {_cell(m['accuracy'], 100, 2):>7} {_cell(m['auc']):>6} "
            f"{_cell(m['brier']):>6} {_cell(m['precision_at_k']):>6} "
            f"{_cell(m['recall_at_k']):>6}  {note}"
        )
    chosen = next(m for m in report["models"] if m["name"] == report["selected"])
    for column, table in chosen["groups"].items():
        lines += ["", f"{report['selected']}: error rates by {column} (FPR / FNR)"]
        for value, row in table.items():
            lines.append(
                f"  {value:<12} n={row['n']:<6} {_cell(row['false_positive_rate'])} / "
                f"{_cell(row['false_negative_rate'])}"
            )
    lines += ["", f"{report['selected']}: calibration (predicted → observed, n)"]
    for row in chosen["calibration"]:
        lines.append(
            f"  {row['low']:.1f}–{row['high']:.1f}  {row['predicted']:.3f} → "
            f"{row['observed']:.3f}  ({row['n']})"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    try:
        args = build_parser().parse_args(argv)
        task, facts = build_task(args)
        progress = None if args.quiet else (lambda line: print(f"  {line}", file=sys.stderr))
        result = evaluate(
            task,
            protocol=args.protocol,
            folds=args.folds,
            repeats=args.repeats,
            seed=args.seed,
            k=args.k,
            progress=progress,
        )
    except DatasetError as exc:
        return _fail(exc.thai, exc.english)
    except MemoryError:
        return _fail("หน่วยความจำไม่พอ", "out of memory", 3)
    report = {**facts, **result, "seconds": round(time.perf_counter() - started, 1)}
    print(render(report))
    if args.json:
        try:
            Path(args.json).write_text(json.dumps(_plain(report), ensure_ascii=False, indent=2))
        except OSError as exc:
            return _fail(f"เขียนไฟล์ {args.json} ไม่ได้: {exc.strerror}", f"cannot write {args.json}")
    return 0


def _plain(value: Any) -> Any:
    """JSON has no NaN nor numpy scalars."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value
