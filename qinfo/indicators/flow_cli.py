"""`qinfo indicators flow`: the reconstructed cohort from published tables (definitions §22).

    qinfo indicators flow --enrolment E.csv --repeaters R.csv --graduates N [--json OUT|-]

Both files are CSV (UTF-8) with the columns ``year,grade,count``: the enrolment holds two
consecutive years t and t+1, the repeaters year t+1; N is the number of graduates of the last
grade in year t. Grades are taken in the order they first appear in the enrolment file. Every
grade needs a row in each enrolment year and in the repeaters (0 when none repeated).

Every refusal is a Thai and an English line on stderr naming the file, the line and the value,
and exit status 2; nothing is written. ``--json OUT`` writes the JSON atomically (a temporary
file renamed into place); ``--json -`` prints it instead of the table.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from qinfo.indicators.cohort import CohortError, CohortFlow, reconstructed_cohort

COLUMNS = ("year", "grade", "count")


class FlowInputError(Exception):
    def __init__(self, thai: str, english: str) -> None:
        super().__init__(english)
        self.thai = thai
        self.english = english


def _fail(thai: str, english: str, code: int = 2) -> int:
    # The same two-line form as qinfo.cli._fail (this package may not import qinfo.cli).
    print(f"qinfo: {thai}\nqinfo: {english}", file=sys.stderr, flush=True)
    return code


class _Parser(argparse.ArgumentParser):
    """argparse that refuses in both languages instead of exiting on its own."""

    def error(self, message: str) -> NoReturn:
        raise FlowInputError(f"ตัวเลือกไม่ถูกต้อง: {message}", f"bad options: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="qinfo indicators flow",
        description="Promotion, repetition and dropout by grade, survival and efficiency "
        "(UNESCO reconstructed cohort).",
    )
    parser.add_argument("--enrolment", required=True, metavar="E.csv", help="year,grade,count")
    parser.add_argument("--repeaters", required=True, metavar="R.csv", help="year,grade,count")
    parser.add_argument("--graduates", required=True, metavar="N", help="graduates in year t")
    parser.add_argument("--json", metavar="OUT", help="write the result as JSON ('-': stdout)")
    return parser


@dataclass(frozen=True)
class Row:
    line: int
    year: int
    grade: str
    count: int


def _integer(text: str, path: str, line: int, column: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise FlowInputError(
            f"{path} บรรทัด {line}: คอลัมน์ {column} ต้องเป็นจำนวนเต็ม ได้ {text!r}",
            f"{path} line {line}: {column} must be an integer, got {text!r}",
        ) from None


def read_counts(path: str) -> list[Row]:
    """The rows of a year,grade,count file; FlowInputError on anything malformed."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise FlowInputError(f"ไม่พบไฟล์ {path}", f"no such file: {path}") from None
    except UnicodeDecodeError as exc:
        raise FlowInputError(
            f"{path}: ไม่ใช่ไฟล์ UTF-8 (ไบต์ที่ {exc.start})",
            f"{path}: not UTF-8 (byte {exc.start})",
        ) from None
    except OSError as exc:
        raise FlowInputError(
            f"อ่านไฟล์ {path} ไม่ได้: {exc.strerror}", f"cannot read {path}: {exc.strerror}"
        ) from None
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    if header is None:
        raise FlowInputError(f"{path}: ไฟล์ว่าง", f"{path}: the file is empty")
    names = [h.strip().lower() for h in header]
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        raise FlowInputError(
            f"{path} บรรทัด 1: ไม่มีคอลัมน์ {', '.join(missing)} (ต้องมี year,grade,count)",
            f"{path} line 1: missing column {', '.join(missing)} (needs year,grade,count)",
        )
    at = {c: names.index(c) for c in COLUMNS}
    rows: list[Row] = []
    seen: dict[tuple[int, str], int] = {}
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) < len(names):
            raise FlowInputError(
                f"{path} บรรทัด {line}: มี {len(cells)} ช่อง ต้องมี {len(names)}",
                f"{path} line {line}: {len(cells)} fields, expected {len(names)}",
            )
        year = _integer(cells[at["year"]], path, line, "year")
        count = _integer(cells[at["count"]], path, line, "count")
        grade = cells[at["grade"]].strip()
        if not grade:
            raise FlowInputError(
                f"{path} บรรทัด {line}: ไม่มีชื่อชั้น", f"{path} line {line}: the grade is empty"
            )
        if count < 0:
            raise FlowInputError(
                f"{path} บรรทัด {line}: จำนวนติดลบ ({count})",
                f"{path} line {line}: negative count ({count})",
            )
        if (year, grade) in seen:
            raise FlowInputError(
                f"{path} บรรทัด {line}: ปี {year} ชั้น {grade} ซ้ำกับบรรทัด {seen[year, grade]}",
                f"{path} line {line}: year {year} grade {grade} repeats line {seen[year, grade]}",
            )
        seen[year, grade] = line
        rows.append(Row(line, year, grade, count))
    if not rows:
        raise FlowInputError(f"{path}: ไม่มีข้อมูล", f"{path}: no data rows")
    return rows


@dataclass(frozen=True)
class Tables:
    """The inputs of the method, and where each value came from (for the messages)."""

    year: int
    grades: list[str]
    enrolment_t: dict[str, Row]
    enrolment_t1: dict[str, Row]
    repeaters: dict[str, Row]


def _missing(path: str, year: int, grade: str, hint_th: str = "", hint_en: str = "") -> NoReturn:
    raise FlowInputError(
        f"{path}: ไม่มีแถวของชั้น {grade} ปี {year}{hint_th}",
        f"{path}: no row for grade {grade} in year {year}{hint_en}",
    )


def arrange(
    enrolment_path: str, enrolment: list[Row], repeaters_path: str, repeaters: list[Row]
) -> Tables:
    years = sorted({r.year for r in enrolment})
    if len(years) != 2 or years[1] != years[0] + 1:
        shown = ", ".join(str(y) for y in years)
        raise FlowInputError(
            f"{enrolment_path}: ต้องมีข้อมูลสองปีติดกัน (t และ t+1) พบปี {shown}",
            f"{enrolment_path}: needs two consecutive years (t and t+1), found {shown}",
        )
    year = years[0]
    grades = list(dict.fromkeys(r.grade for r in enrolment))
    first = {r.grade: r for r in enrolment if r.year == year}
    second = {r.grade: r for r in enrolment if r.year == year + 1}
    for grade in grades:
        if grade not in first:
            _missing(enrolment_path, year, grade)
        if grade not in second:
            _missing(enrolment_path, year + 1, grade)
    repeated: dict[str, Row] = {}
    for row in repeaters:
        if row.year != year + 1:
            raise FlowInputError(
                f"{repeaters_path} บรรทัด {row.line}: ปี {row.year} ต้องเป็นปี t+1 = {year + 1}",
                f"{repeaters_path} line {row.line}: year {row.year}, expected t+1 = {year + 1}",
            )
        if row.grade not in first:
            raise FlowInputError(
                f"{repeaters_path} บรรทัด {row.line}: ไม่มีชั้น {row.grade} ใน {enrolment_path}",
                f"{repeaters_path} line {row.line}: grade {row.grade} is not in {enrolment_path}",
            )
        repeated[row.grade] = row
    for grade in grades:
        if grade not in repeated:
            _missing(repeaters_path, year + 1, grade, " (ใส่ 0 ถ้าไม่มีผู้ซ้ำชั้น)", " (write 0 if none)")
    return Tables(year, grades, first, second, repeated)


def _graduates(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise FlowInputError(
            f"--graduates ต้องเป็นจำนวนเต็ม ได้ {text!r}",
            f"--graduates must be an integer, got {text!r}",
        ) from None
    if value < 0:
        raise FlowInputError(f"--graduates ติดลบ ({value})", f"--graduates is negative ({value})")
    return value


def _located(error: CohortError, tables: Tables, args: argparse.Namespace) -> FlowInputError:
    """The method's refusal, with the file and line of the value it names."""
    rows = {
        "enrolment_t": (args.enrolment, tables.enrolment_t),
        "enrolment_t1": (args.enrolment, tables.enrolment_t1),
        "repeaters_t1": (args.repeaters, tables.repeaters),
    }
    if error.field in rows and error.grade is not None:
        path, by_grade = rows[error.field]
        where = f"{path} บรรทัด {by_grade[error.grade].line}: "
        where_en = f"{path} line {by_grade[error.grade].line}: "
    elif error.field == "graduates":
        where, where_en = f"--graduates {args.graduates}: ", f"--graduates {args.graduates}: "
    else:
        where = where_en = ""
    return FlowInputError(where + error.message_th, where_en + error.message_en)


def flow(args: argparse.Namespace) -> CohortFlow:
    graduates = _graduates(args.graduates)
    if args.json and args.json != "-" and not Path(args.json).resolve().parent.is_dir():
        raise FlowInputError(f"ไม่มีโฟลเดอร์สำหรับไฟล์ {args.json}", f"no folder for {args.json}")
    tables = arrange(
        args.enrolment, read_counts(args.enrolment), args.repeaters, read_counts(args.repeaters)
    )
    try:
        return reconstructed_cohort(
            tables.grades,
            [tables.enrolment_t[g].count for g in tables.grades],
            [tables.enrolment_t1[g].count for g in tables.grades],
            [tables.repeaters[g].count for g in tables.grades],
            graduates,
        )
    except CohortError as exc:
        raise _located(exc, tables, args) from None


def _percent(value: float) -> str:
    return f"{value * 100:6.1f}"


def render(result: CohortFlow) -> str:
    """A table in Thai and English: rates and survival in per cent."""
    lines = [
        "ชั้น      เลื่อนชั้น  ซ้ำชั้น  ออกกลางคัน  คงอยู่ถึงชั้น",
        "grade     promoted  repeated  dropped  survival (%)",
    ]
    for i, grade in enumerate(result.grades):
        lines.append(
            f"{grade:<9} {_percent(result.promotion[i])}    {_percent(result.repetition[i])}"
            f"    {_percent(result.dropout[i])}   {_percent(result.survival[i])}"
        )
    years = result.years_input_per_graduate
    lines += [
        "",
        f"อัตราคงอยู่ถึงชั้นสุดท้าย / survival to the last grade: "
        f"{result.survival_to_last_grade * 100:.1f}%",
        f"อัตราออกกลางคันสะสม / cumulative dropout: {result.cumulative_dropout * 100:.1f}%",
        "จำนวนปีการศึกษาต่อผู้สำเร็จหนึ่งคน / years-input per graduate: "
        + ("—" if math.isinf(years) else f"{years:.2f}"),
        f"สัมประสิทธิ์ประสิทธิภาพ / coefficient of efficiency: "
        f"{result.coefficient_of_efficiency * 100:.1f}%",
    ]
    return "\n".join(lines)


def _write_atomically(path: str, text: str) -> None:
    target = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.resolve().parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        result = flow(args)
    except FlowInputError as exc:
        return _fail(exc.thai, exc.english)
    text = json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n"
    if args.json == "-":
        sys.stdout.write(text)
        return 0
    if args.json:
        try:
            _write_atomically(args.json, text)
        except OSError as exc:
            return _fail(
                f"เขียนไฟล์ {args.json} ไม่ได้: {exc.strerror}",
                f"cannot write {args.json}: {exc.strerror}",
            )
    print(render(result))
    return 0
