"""``indicators-national``: a country's attendance indicators from a Parquet snapshot.

About 200 million daily attendance marks (1,000,000 children × 200 school days, 10,000 schools,
grades ป.1–ม.6) written as the Parquet export's logical tables (``qinfo.indicators.tables``):
``attendance`` (student_id, date, school_id, classroom_id, status), ``enrolments``,
``classrooms``, ``students``, ``years``, ``terms``, ``poverty``… (the others empty). 1% of the
children change school during term 1, 2% start late; 10% are absence-prone. Generated with DuckDB
``range()`` once, into ``var/bench-cache/indicators-national-<rows>-<seed>-v<format>/`` (reused
when present; ``QINFO_BENCH_CACHE`` names another folder), never deleted by the benchmark.

Timed, on the same files in the same run (the files read once beforehand, untimed, so both find
them in the page cache):

- **DuckDB**: the project's own Ibis definitions (``qinfo.indicators``: ``Source.for_parquet``,
  ``kept.keep`` of the term, as the dashboards open a snapshot: its population and each child's
  marks counts computed once; then ``compute`` of ``attendance_rate`` and ``chronic_absence``,
  docs/definitions.md §21) for term 1 of 2568, cut by school and by grade × sex — from the
  files to the two standard frames;
- **pandas**: the same formulas written by hand over frames read with pyarrow (compact dtypes:
  int32 ids and days, categorical status) — the term's population (the last enrolment
  overlapping the term), marks of the term summed per child, then per school and per grade × sex.

Both must give exactly the same numerators and denominators. Two benchmarks read a run:
``indicators-national`` (the DuckDB seconds, target 10 s) and ``indicators-national-speedup``
(pandas seconds over DuckDB seconds, target ≥ 10); the peak memory goes in the JSON line on
stderr. The run is a subprocess (``python -m bench.indicators_national [rows]``);
``QINFO_BENCH_NATIONAL_ROWS`` asks for fewer marks for a quick run (the recorded figure is 200M).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from bench.databases import ROOT, BenchDatabase, run_module
from bench.registry import benchmark

ROWS = 200_000_000
DAYS = 200
CHILDREN_PER_SCHOOL = 100
SEED = 2569
FORMAT = 1  # bump when the generated data changes
YEAR_BE = 2568
CUTS: tuple[tuple[str, ...], ...] = (("school",), ("grade", "sex"))
CODES = ("attendance_rate", "chronic_absence")
ATTENDING = ("P", "L", "T")
MISSING = ("S", "E", "A")

YEAR = (dt.date(2025, 5, 16), dt.date(2026, 3, 31))
TERMS = {1: (dt.date(2025, 5, 16), dt.date(2025, 10, 10)), 2: (dt.date(2025, 11, 1), YEAR[1])}
LATE_DAY = 30  # late starters come on this school day
MOVE_DAY = 50  # movers change school on this school day (in term 1)


def school_days() -> list[dt.date]:
    """100 weekdays from the start of each term: 200 school days."""
    days: list[dt.date] = []
    for start, _end in TERMS.values():
        day = start
        count = 0
        while count < DAYS // 2:
            if day.weekday() < 5:
                days.append(day)
                count += 1
            day += dt.timedelta(days=1)
    return days


def cache_dir(rows: int, seed: int) -> Path:
    base = Path(os.environ.get("QINFO_BENCH_CACHE") or ROOT / "var" / "bench-cache")
    return base / f"indicators-national-{rows}-{seed}-v{FORMAT}"


def _generate_into(directory: Path, rows: int, seed: int) -> None:
    import duckdb
    import ibis

    from qinfo.indicators.tables import SCHEMA

    children = max(rows // DAYS, 1)
    schools = max(children // CHILDREN_PER_SCHOOL, 2)
    con = duckdb.connect()
    days = school_days()
    con.execute("CREATE TABLE days (day INTEGER, date DATE)")
    con.executemany("INSERT INTO days VALUES (?, ?)", list(enumerate(days)))
    params = {"seed": seed, "schools": schools}
    con.execute(
        """
        CREATE TABLE kids AS
        SELECT i::BIGINT AS student_id,
               CASE WHEN hash(i, $seed, 'sex') % 2 = 0 THEN 'F' ELSE 'M' END AS sex,
               (1 + hash(i, $seed, 'school') % $schools)::BIGINT AS school_id,
               (1 + (hash(i, $seed, 'school') % $schools + 1 + hash(i, $seed, 'to')
                     % ($schools - 1)) % $schools)::BIGINT AS new_school,
               (4 + hash(i, $seed, 'grade') % 12)::BIGINT AS grade,
               (hash(i, $seed, 'kind') % 100)::INTEGER AS kind,
               CASE WHEN hash(i, $seed, 'prone') % 10 = 0 THEN 150 ELSE 30 END AS per_mille
        FROM range(1, $children + 1) AS r(i)
        """,
        {**params, "children": children},
    )
    out = str(directory)
    con.execute(
        f"""
        COPY (
          SELECT student_id, date, school AS school_id, school * 100 + grade AS classroom_id,
                 CASE WHEN u < per_mille * 0.5 THEN 'A' WHEN u < per_mille * 0.8 THEN 'S'
                      WHEN u < per_mille THEN 'E' WHEN u < per_mille + 30 THEN 'L'
                      WHEN u < per_mille + 35 THEN 'T' ELSE 'P' END AS status
          FROM (
            SELECT k.student_id, d.date, k.grade, k.per_mille,
                   CASE WHEN k.kind = 0 AND d.day >= {MOVE_DAY} THEN k.new_school
                        ELSE k.school_id END AS school,
                   hash(k.student_id, d.day, $seed) % 1000 AS u
            FROM days AS d CROSS JOIN kids AS k
            WHERE NOT (k.kind IN (1, 2) AND d.day < {LATE_DAY})
          )
        ) TO '{out}/attendance.parquet' (FORMAT parquet, COMPRESSION zstd)
        """,
        {"seed": seed},
    )
    start, move, late_date = YEAR[0], days[MOVE_DAY], days[LATE_DAY]
    tables = {
        "networks": "SELECT 1::BIGINT AS network_id, 'municipal' AS kind",
        "schools": f"""SELECT i::BIGINT AS school_id, 1::BIGINT AS network_id,
            'municipal' AS affiliation, 4::BIGINT AS lowest_grade, 15::BIGINT AS highest_grade
            FROM range(1, {schools} + 1) r(i)""",
        "years": f"""SELECT 1::BIGINT AS year_id, 1::BIGINT AS network_id, {YEAR_BE}::BIGINT
            AS year_be, DATE '{YEAR[0]}' AS start_date, DATE '{YEAR[1]}' AS end_date""",
        "terms": " UNION ALL ".join(
            f"SELECT {n}::BIGINT AS term_id, 1::BIGINT AS year_id, {n}::BIGINT AS number, "
            f"DATE '{a}' AS start_date, DATE '{b}' AS end_date"
            for n, (a, b) in TERMS.items()
        ),
        "classrooms": f"""SELECT (s * 100 + g)::BIGINT AS classroom_id, s::BIGINT AS school_id,
            1::BIGINT AS year_id, g::BIGINT AS grade, 1::BIGINT AS room
            FROM range(1, {schools} + 1) a(s), range(4, 16) b(g)""",
        "students": "SELECT student_id, sex FROM kids",
        "enrolments": f"""
            SELECT student_id AS enrolment_id, student_id, school_id * 100 + grade AS classroom_id,
                   school_id, 1::BIGINT AS year_id,
                   CASE WHEN kind IN (1, 2) THEN DATE '{late_date}' ELSE DATE '{start}' END
                     AS start_date,
                   CASE WHEN kind = 0 THEN DATE '{move}' - 1 END AS end_date,
                   CASE WHEN kind = 0 THEN 'transferred_out' ELSE 'active' END AS status,
                   CASE WHEN kind = 0 THEN 'moved' ELSE '' END AS exit_reason
            FROM kids
            UNION ALL
            SELECT {children} + student_id, student_id, new_school * 100 + grade, new_school,
                   1, DATE '{move}', NULL, 'active', '' FROM kids WHERE kind = 0""",
        "poverty": f"""SELECT student_id AS screening_id, student_id, 1::BIGINT AS year_id,
            DATE '2025-06-15' AS date, 1000.0 + hash(student_id, {seed}, 'inc') % 5000 AS
            income_per_member, (hash(student_id, {seed}, 'hard') % 5)::BIGINT AS hardship_items,
            hash(student_id, {seed}, 'poor') % 100 < 15 AS extremely_poor FROM kids""",
    }
    for name, sql in tables.items():
        con.execute(f"COPY ({sql}) TO '{out}/{name}.parquet' (FORMAT parquet)")
    for name, columns in SCHEMA.items():
        if not (directory / f"{name}.parquet").exists():
            pq.write_table(
                ibis.schema(columns).to_pyarrow().empty_table(), directory / f"{name}.parquet"
            )
    con.close()


def ensure_data(rows: int, seed: int = SEED) -> tuple[Path, float]:
    """The cached snapshot for (rows, seed), generated first when absent: (folder, seconds spent
    generating, 0 when reused). Written into a temporary sibling and renamed when complete."""
    target = cache_dir(rows, seed)
    if (target / "attendance.parquet").is_file():
        return target, 0.0
    target.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        _generate_into(scratch, rows, seed)
        scratch.rename(target)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)  # only the folder made just above
        raise
    return target, time.perf_counter() - started


def _warm(directory: Path) -> None:
    """Read every file once (untimed), so both engines find them in the page cache."""
    for path in directory.glob("*.parquet"):
        with path.open("rb") as handle:
            while handle.read(1 << 24):
                pass


def duckdb_frames(directory: Path) -> dict[tuple[str, ...], pd.DataFrame]:
    """The project's definitions on DuckDB over the files: one standard frame per cut."""
    import qinfo.indicators.all  # noqa: F401  (fills the registry)
    from qinfo.indicators.compute import compute
    from qinfo.indicators.frame import Cut
    from qinfo.indicators.kept import keep
    from qinfo.indicators.source import Source

    source = Source.for_parquet(directory)
    # As the dashboards open a snapshot: the population and the marks counts computed once
    # (here for the one period asked for), then both cuts from them.
    keep(source, [Cut(YEAR_BE, term=1)])
    return {by: compute(source, Cut(YEAR_BE, term=1, by=by), CODES) for by in CUTS}


def _read(path: Path, columns: list[str] | None = None, **options: Any) -> pd.DataFrame:
    """A Parquet file as compact pandas columns: ids int32, dates int32 days since 1970."""
    table = pq.read_table(path, columns=columns, **options)
    compact = []
    for field in table.schema:
        column = table[field.name]
        if pa.types.is_integer(field.type) or pa.types.is_date32(field.type):
            column = column.cast(pa.int32())
        compact.append(column)
    return pa.table(compact, names=table.column_names).to_pandas()


def _day(value: dt.date) -> int:
    return (value - dt.date(1970, 1, 1)).days


def pandas_frames(directory: Path) -> dict[tuple[str, ...], pd.DataFrame]:
    """The same two indicators by hand in pandas (docs/definitions.md §20–§21): the term's
    population is the children with an enrolment of the year overlapping the term, each with the
    last such enrolment (latest start, then latest id); their daily marks dated in the term,
    attended = P/L/T, missed = S/E/A; attendance rate = attended / marked pooled over the group's
    children; chronic absence = children with missed × 10 ≥ marked / children with a mark."""
    years = _read(directory / "years.parquet")
    terms = _read(directory / "terms.parquet")
    year = years[years["year_be"] == YEAR_BE]
    term = terms[(terms["number"] == 1) & terms["year_id"].isin(year["year_id"])]
    start, end = int(term["start_date"].iloc[0]), int(term["end_date"].iloc[0])

    enrolments = _read(directory / "enrolments.parquet")
    enrolments = enrolments[enrolments["year_id"].isin(term["year_id"])]
    overlaps = (enrolments["start_date"] <= end) & (
        enrolments["end_date"].isna() | (enrolments["end_date"] >= start)
    )
    people = (
        enrolments[overlaps]
        .sort_values(["student_id", "start_date", "enrolment_id"])
        .drop_duplicates("student_id", keep="last")
    )
    classrooms = _read(directory / "classrooms.parquet", ["classroom_id", "grade"])
    students = _read(directory / "students.parquet")
    people = people.merge(classrooms, on="classroom_id").merge(students, on="student_id")

    marks = _read(
        directory / "attendance.parquet",
        ["student_id", "date", "status"],
        read_dictionary=["status"],
    )
    marks = marks[(marks["date"] >= start) & (marks["date"] <= end)]
    per_child = (
        pd.DataFrame(
            {
                "student_id": marks["student_id"],
                "attended": marks["status"].isin(ATTENDING),
                "missed": marks["status"].isin(MISSING),
            }
        )
        .groupby("student_id", sort=False)
        .agg(attended=("attended", "sum"), missed=("missed", "sum"), marked=("attended", "size"))
        .reset_index()
    )
    del marks
    children = people.merge(per_child, on="student_id")
    children["chronic"] = children["missed"] * 10 >= children["marked"]
    children = children.rename(columns={"school_id": "school"})
    frames: dict[tuple[str, ...], pd.DataFrame] = {}
    for by in CUTS:
        sums = children.groupby(list(by)).agg(
            attended=("attended", "sum"),
            marked=("marked", "sum"),
            chronic=("chronic", "sum"),
            counted=("chronic", "size"),
        )
        rate = sums[["attended", "marked"]].set_axis(["numerator", "denominator"], axis=1)
        chronic = sums[["chronic", "counted"]].set_axis(["numerator", "denominator"], axis=1)
        frames[by] = pd.concat(
            [rate.assign(indicator=CODES[0]), chronic.assign(indicator=CODES[1])]
        ).reset_index()
    return frames


def same_numbers(duck: pd.DataFrame, hand: pd.DataFrame, by: tuple[str, ...]) -> None:
    """Raise unless both frames hold the same numerators and denominators for every group."""
    keys = ["indicator", *by]

    def ordered(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame[[*keys, "numerator", "denominator"]].copy()
        for key in by:
            frame[key] = frame[key].astype(str)
        return frame.sort_values(keys).reset_index(drop=True)

    left, right = ordered(duck), ordered(hand)
    if len(left) != len(right) or not (left[keys].to_numpy() == right[keys].to_numpy()).all():
        raise AssertionError(f"the groups differ for {by}")
    for column in ("numerator", "denominator"):
        if not np.array_equal(left[column].to_numpy(float), right[column].to_numpy(float)):
            raise AssertionError(f"{column} differs for {by}")


def run_national(rows: int = ROWS, seed: int = SEED) -> dict[str, Any]:
    directory, generated = ensure_data(rows, seed)
    marks = pq.ParquetFile(directory / "attendance.parquet").metadata.num_rows
    _warm(directory)
    # imported before the clock starts
    import qinfo.indicators.all
    import qinfo.indicators.compute  # noqa: F401

    load = os.getloadavg()[0]
    started, cpu = time.perf_counter(), time.process_time()
    duck = duckdb_frames(directory)
    duck_seconds, duck_cpu = time.perf_counter() - started, time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    hand = pandas_frames(directory)
    pandas_seconds, pandas_cpu = time.perf_counter() - started, time.process_time() - cpu
    for by in CUTS:
        same_numbers(duck[by], hand[by], by)
    schools = duck[("school",)]
    rate = schools[schools["indicator"] == CODES[0]]
    chronic = schools[schools["indicator"] == CODES[1]]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 2**30  # KiB on Linux
    return {
        "marks": marks,
        "children": int(chronic["denominator"].sum()),
        "schools": len(chronic),
        "duckdb_seconds": round(duck_seconds, 2),
        "pandas_seconds": round(pandas_seconds, 2),
        "ratio": round(pandas_seconds / duck_seconds, 1),
        # CPU seconds of all threads: what the work costs whatever else runs on the machine
        "duckdb_cpu_seconds": round(duck_cpu, 2),
        "pandas_cpu_seconds": round(pandas_cpu, 2),
        "same_numbers": True,
        "engine": "DuckDB through the qinfo.indicators Ibis definitions (Source.for_parquet)",
        "attendance_rate": round(float(rate["numerator"].sum() / rate["denominator"].sum()), 4),
        "chronic_absence_rate": round(
            float(chronic["numerator"].sum() / chronic["denominator"].sum()), 4
        ),
        "generate_seconds": round(generated, 1),
        "peak_gib": round(peak, 2),
        "load_average_before": round(load, 2),  # other work on the machine skews the seconds
        "data": str(directory),
    }


def _rows() -> int:
    return int(os.environ.get("QINFO_BENCH_NATIONAL_ROWS") or ROWS)


def _measure(database: BenchDatabase) -> dict[str, Any]:
    return run_module(database, "bench.indicators_national", str(_rows()))


@benchmark(
    name="indicators-national",
    description=(
        "attendance rate and chronic absence for a term, by school and by grade × sex, over "
        "about 200 million daily marks in Parquet (1,000,000 children, 10,000 schools): DuckDB "
        "through the project's Ibis definitions (the population and the marks counts of the "
        "term kept once, as for a snapshot, then both cuts), in seconds; the same in pandas in "
        "the same run must give the same numbers (data generated once into var/bench-cache/; "
        "QINFO_BENCH_NATIONAL_ROWS for a quick run)"
    ),
    metric="seconds, DuckDB over 200M marks",
    unit="s",
    target=10,
)
def indicators_national(database: BenchDatabase) -> float:
    return float(_measure(database)["duckdb_seconds"])


@benchmark(
    name="indicators-national-speedup",
    description=(
        "the indicators-national run (its own run): pandas seconds over DuckDB seconds, "
        "the same computation on the same files in the same process"
    ),
    metric="pandas time / DuckDB time, 200M marks",
    unit="×",
    target=10,
    lower_is_better=False,
)
def indicators_national_speedup(database: BenchDatabase) -> float:
    return float(_measure(database)["ratio"])


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else _rows()
    print(json.dumps(run_national(count)), flush=True)
