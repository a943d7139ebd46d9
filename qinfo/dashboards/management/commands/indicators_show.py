"""`qinfo indicators show [--year BE] [--term N] [--by school,...] [--format table|csv|json]
[--indicator CODE ...]`: the city's indicator table on the live database (docs/definitions.md
§20–§21), every indicator unless some are named; the newest year with data by default."""

from __future__ import annotations

import json
import math
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qinfo.dashboards.values import indicator_frame, years
from qinfo.indicators.frame import DIMENSIONS, Cut
from qinfo.indicators.registry import INDICATORS


def _json_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


class Command(BaseCommand):
    help = "Print the city's indicators for one academic year (or term)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--year", type=int, help="academic year, Buddhist Era (default: newest)"
        )
        parser.add_argument(
            "--term", type=int, choices=(1, 2), help="term 1 or 2 (default: the year)"
        )
        parser.add_argument(
            "--by", default="", help=f"comma-separated cuts among {', '.join(DIMENSIONS)}"
        )
        parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
        parser.add_argument("--indicator", action="append", help="only this indicator (repeatable)")

    def handle(self, *args: Any, **options: Any) -> None:
        by = tuple(d.strip() for d in options["by"].split(",") if d.strip())
        unknown = [d for d in by if d not in DIMENSIONS]
        if unknown:
            raise CommandError(
                f"ไม่รู้จักมิติ {', '.join(unknown)} (ใช้ได้: {', '.join(DIMENSIONS)}) / "
                f"unknown cut {', '.join(unknown)} (known: {', '.join(DIMENSIONS)})"
            )
        codes = options["indicator"]
        if codes:
            missing = [c for c in codes if c not in INDICATORS]
            if missing:
                raise CommandError(
                    f"ไม่รู้จักตัวชี้วัด {', '.join(missing)} / unknown indicator {', '.join(missing)}"
                )
        year = options["year"]
        if year is None:
            known = years()
            if not known:
                raise CommandError("ยังไม่มีข้อมูลปีการศึกษาใด / no academic year has data yet")
            year = known[0]
        frame = indicator_frame(Cut(year, options["term"], by), codes)
        fmt = options["format"]
        if fmt == "csv":
            self.stdout.write(frame.to_csv(index=False), ending="")
        elif fmt == "json":
            rows = [{k: _json_value(v) for k, v in row.items()} for row in frame.to_dict("records")]
            payload = {"year_be": year, "term": options["term"], "by": list(by), "rows": rows}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            period = f"{year}" + (f" ภาคเรียนที่ {options['term']}" if options["term"] else "")
            self.stdout.write(f"ปีการศึกษา / academic year {period}")
            shown = frame.copy()
            shown.insert(1, "label", [INDICATORS[c].label_th for c in shown["indicator"]])
            self.stdout.write(shown.to_string(index=False) if len(shown) else "(ไม่มีข้อมูล / no data)")
