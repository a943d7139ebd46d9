"""The dashboards' own series (qinfo/indicators/defs_dashboard.py) against hand counts."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

import ibis
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qinfo.indicators import defs_dashboard  # noqa: F401  (registers the series)
from qinfo.indicators.compute import compute
from qinfo.indicators.frame import Cut
from qinfo.indicators.source import Source

D = dt.date


def _world() -> dict[str, list[dict[str, Any]]]:
    """Two children of one classroom in 2569 (term 1: May to October); one in another school."""
    enrol = dict(start_date=D(2026, 5, 16), end_date=None, status="active", exit_reason="")
    marks = [
        # week of Monday 15 June 2026 (first mark Tuesday 16th): child 1 P P, child 2 A
        (1, D(2026, 6, 16), "P"),
        (1, D(2026, 6, 17), "L"),
        (2, D(2026, 6, 17), "A"),
        # week of 22 June: child 1 S, child 2 P, child 3 (school 2) P
        (1, D(2026, 6, 22), "S"),
        (2, D(2026, 6, 24), "P"),
        (3, D(2026, 6, 26), "P"),
    ]
    results = [
        # student, course, grade, special mark
        (1, 1, 4.0, ""),
        (2, 1, 1.5, ""),
        (1, 2, None, "มส"),
        (2, 2, 3.0, ""),
        (3, 3, 4.0, ""),
        (3, 4, None, "ผ"),  # an activity: not in the distribution
    ]
    school_of = {1: 1, 2: 1, 3: 2}
    classroom_of = {1: 1, 2: 1, 3: 2}
    return {
        "networks": [{"network_id": 1, "kind": "city"}],
        "schools": [
            {
                "school_id": s,
                "network_id": 1,
                "affiliation": "",
                "lowest_grade": 1,
                "highest_grade": 9,
            }
            for s in (1, 2)
        ],
        "years": [
            {
                "year_id": 1,
                "network_id": 1,
                "year_be": 2569,
                "start_date": D(2026, 5, 16),
                "end_date": D(2027, 5, 15),
            }
        ],
        "terms": [
            {
                "term_id": 1,
                "year_id": 1,
                "number": 1,
                "start_date": D(2026, 5, 16),
                "end_date": D(2026, 10, 10),
            },
            {
                "term_id": 2,
                "year_id": 1,
                "number": 2,
                "start_date": D(2026, 11, 1),
                "end_date": D(2027, 3, 31),
            },
        ],
        "classrooms": [
            {"classroom_id": c, "school_id": c, "year_id": 1, "grade": 4, "room": 1} for c in (1, 2)
        ],
        "students": [{"student_id": s, "sex": "M" if s != 2 else "F"} for s in (1, 2, 3)],
        "enrolments": [
            {
                "enrolment_id": s,
                "student_id": s,
                "classroom_id": classroom_of[s],
                "school_id": school_of[s],
                "year_id": 1,
                **enrol,
            }
            for s in (1, 2, 3)
        ],
        "attendance": [
            {
                "student_id": s,
                "date": d,
                "school_id": school_of[s],
                "classroom_id": classroom_of[s],
                "status": m,
            }
            for s, d, m in marks
        ],
        "subjects": [
            {
                "subject_id": 1,
                "code": "ท14101",
                "name_th": "ภาษาไทย",
                "name_en": "Thai",
                "learning_area": "thai",
                "grade": 4,
            },
            {
                "subject_id": 2,
                "code": "ค14101",
                "name_th": "คณิตศาสตร์",
                "name_en": "Maths",
                "learning_area": "math",
                "grade": 4,
            },
            {
                "subject_id": 3,
                "code": "ก14101",
                "name_th": "แนะแนว",
                "name_en": "Guidance",
                "learning_area": "activity",
                "grade": 4,
            },
        ],
        "courses": [
            {
                "course_id": 1,
                "classroom_id": 1,
                "term_id": 1,
                "subject_id": 1,
                "teacher_id": 1,
                "hours": 40,
            },
            {
                "course_id": 2,
                "classroom_id": 1,
                "term_id": 1,
                "subject_id": 2,
                "teacher_id": 1,
                "hours": 40,
            },
            {
                "course_id": 3,
                "classroom_id": 2,
                "term_id": 1,
                "subject_id": 1,
                "teacher_id": 2,
                "hours": 40,
            },
            {
                "course_id": 4,
                "classroom_id": 2,
                "term_id": 1,
                "subject_id": 3,
                "teacher_id": 2,
                "hours": 40,
            },
        ],
        "results": [
            {
                "student_id": s,
                "course_id": c,
                "term_id": 1,
                "school_id": school_of[s],
                "score": None,
                "grade": g,
                "special_mark": m,
            }
            for s, c, g, m in results
        ],
    }


@pytest.fixture(scope="module")
def source() -> Source:
    return Source.for_frames(_world())


def _values(frame: Any, *keys: str) -> dict[tuple[Any, ...], tuple[float, float, float]]:
    return {
        tuple(row[k] for k in keys): (row["numerator"], row["denominator"], row["value"])
        for _, row in frame.iterrows()
    }


def test_weekly_attendance_by_hand(source: Source) -> None:
    frame = compute(source, Cut(2569), ["attendance_weekly"])
    assert _values(frame, "category") == {
        ("2026-06-16",): (2.0, 3.0, pytest.approx(2 / 3)),
        ("2026-06-22",): (2.0, 3.0, pytest.approx(2 / 3)),
    }
    by_school = compute(source, Cut(2569, by=("school",)), ["attendance_weekly"])
    # The week's label is the same in every school (the first mark anywhere that week).
    assert _values(by_school, "category", "school") == {
        ("2026-06-16", 1): (2.0, 3.0, pytest.approx(2 / 3)),
        ("2026-06-22", 1): (1.0, 2.0, 0.5),
        ("2026-06-22", 2): (1.0, 1.0, 1.0),
    }


def test_grade_distribution_by_hand(source: Source) -> None:
    frame = compute(source, Cut(2569), ["grade_distribution_area"])
    assert _values(frame, "category") == {
        ("math:3",): (1.0, 2.0, 0.5),
        ("math:มส",): (1.0, 2.0, 0.5),
        ("thai:1.5",): (1.0, 3.0, pytest.approx(1 / 3)),
        ("thai:4",): (2.0, 3.0, pytest.approx(2 / 3)),
    }
    by_school = compute(
        source, Cut(2569, by=("school",), where={"school": (2,)}), ["grade_distribution_area"]
    )
    assert _values(by_school, "category", "school") == {("thai:4", 2): (1.0, 1.0, 1.0)}
    # Term 2 has no results.
    assert compute(source, Cut(2569, term=2), ["grade_distribution_area"]).empty


@settings(max_examples=60, deadline=None)
@given(st.lists(st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)), min_size=1, max_size=30))
def test_weeks_start_on_monday_on_duckdb_and_sqlite(days: list[dt.date]) -> None:
    """The weekly series groups marks by the Monday of their week: the expression it uses gives
    that Monday on DuckDB and on SQLite (as compiled for SQLite, run by SQLite itself; the
    oracle: Python's weekday())."""
    mondays = [d - dt.timedelta(days=d.weekday()) for d in days]
    table = ibis.memtable({"d": days}, schema=ibis.schema({"d": "date"}))
    found = ibis.duckdb.connect().execute(table.select(w=table.d.truncate("W")))["w"]
    assert [pd.Timestamp(w).date() for w in found] == mondays
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE marks (d TEXT)")
    con.executemany("INSERT INTO marks VALUES (?)", [(d.isoformat(),) for d in days])
    stored = ibis.table({"d": "date"}, name="marks")
    sql = ibis.to_sql(stored.select(w=stored.d.truncate("W")), dialect="sqlite")
    assert [dt.date.fromisoformat(w) for (w,) in con.execute(str(sql))] == mondays
