"""Quality and equity indicators (docs/definitions.md §21) against hand calculations.

One tiny network, written out below, every expected number worked out in a comment. The same
rows run on DuckDB (`hand_source`) and on SQLite (Ibis's SQLite backend over the same rows), so
the definitions are checked on two engines (SQLite stored as Django stores it).

The world (academic year 2569 = year 1, and 2568 = year 0 whose rows must never count):

    year 1: 2026-05-16 .. 2027-03-31; term 11 (no. 1) 2026-05-16 .. 2026-10-10,
                                        term 12 (no. 2) 2026-11-01 .. 2027-03-31
    year 0: 2025-05-16 .. 2026-03-31; terms 1 and 2
    school 1: classroom 101 (ป.1, grade 4), 102 (ป.6, grade 9); school 2: classroom 201 (ป.6)

    child sex  enrolments of year 1                          poverty (latest of year 1)
    1     F    102 all year (and 100 in year 0)              not extremely poor (poor in June,
                                                             not in September)
    2     M    102 all year                                  extremely poor
    3     F    201 all year                                  not extremely poor
    4     M    101 all year                                  not screened (poor in year 0)
    5     M    102 until 2026-07-31, then 201 (school 2)     extremely poor
    6     F    101 from 2026-11-01 (term 2 only)             not screened

So the year's population is 1–6, with 5 in school 2 (its last enrolment); term 1's is 1–5;
term 2's is 1–6 minus nobody (5 is in 201, 6 in 101): 1–6.
"""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
from typing import Any

import pytest

from qinfo.indicators.compute import compute
from qinfo.indicators.frame import Cut
from qinfo.indicators.registry import INDICATORS
from qinfo.indicators.source import Physical, Source
from qinfo.indicators.tables import SCHEMA
from tests.indicators.conftest import hand_source

D = dt.date


def _enrol(
    eid: int,
    student: int,
    classroom: int,
    school: int,
    year: int,
    start: dt.date,
    end: dt.date | None = None,
) -> dict[str, Any]:
    return {
        "enrolment_id": eid,
        "student_id": student,
        "classroom_id": classroom,
        "school_id": school,
        "year_id": year,
        "start_date": start,
        "end_date": end,
        "status": "active" if end is None else "transferred_out",
        "exit_reason": "",
    }


def _result(student: int, term: int, grade: float | None, mark: str = "") -> dict[str, Any]:
    return {
        "student_id": student,
        "course_id": 1,
        "term_id": term,
        "school_id": 1,
        "score": None,
        "grade": grade,
        "special_mark": mark,
    }


def _literacy(student: int, term: int, *levels: int) -> dict[str, Any]:
    skills = ("reading_aloud", "reading_comprehension", "word_writing", "composition")
    row: dict[str, Any] = {"student_id": student, "term_id": term, "classroom_id": 101}
    return row | {"school_id": 1} | dict(zip(skills, levels, strict=True))


def _health(student: int, term: int, date: dt.date, flag: bool | None) -> dict[str, Any]:
    return {
        "student_id": student,
        "term_id": term,
        "school_id": 1,
        "classroom_id": 101,
        "date": date,
        "wfh_label": "",
        "hfa_label": "",
        "tall_and_proportionate": flag,
    }


def _sdq(student: int, date: dt.date, form: str, total: int, band: str) -> dict[str, Any]:
    return {
        "student_id": student,
        "school_id": 1,
        "classroom_id": 102,
        "date": date,
        "form": form,
        "total": total,
        "total_band": band,
    }


def _poverty(sid: int, student: int, year: int, date: dt.date, poor: bool) -> dict[str, Any]:
    return {
        "screening_id": sid,
        "student_id": student,
        "year_id": year,
        "date": date,
        "income_per_member": 1000.0,
        "hardship_items": 3,
        "extremely_poor": poor,
    }


TABLES: dict[str, list[dict[str, Any]]] = {
    "networks": [{"network_id": 1, "kind": "municipality"}],
    "schools": [
        {
            "school_id": s,
            "network_id": 1,
            "affiliation": "30",
            "lowest_grade": 4,
            "highest_grade": 9,
        }
        for s in (1, 2)
    ],
    "years": [
        {
            "year_id": 0,
            "network_id": 1,
            "year_be": 2568,
            "start_date": D(2025, 5, 16),
            "end_date": D(2026, 3, 31),
        },
        {
            "year_id": 1,
            "network_id": 1,
            "year_be": 2569,
            "start_date": D(2026, 5, 16),
            "end_date": D(2027, 3, 31),
        },
    ],
    "terms": [
        {
            "term_id": 1,
            "year_id": 0,
            "number": 1,
            "start_date": D(2025, 5, 16),
            "end_date": D(2025, 10, 10),
        },
        {
            "term_id": 2,
            "year_id": 0,
            "number": 2,
            "start_date": D(2025, 11, 1),
            "end_date": D(2026, 3, 31),
        },
        {
            "term_id": 11,
            "year_id": 1,
            "number": 1,
            "start_date": D(2026, 5, 16),
            "end_date": D(2026, 10, 10),
        },
        {
            "term_id": 12,
            "year_id": 1,
            "number": 2,
            "start_date": D(2026, 11, 1),
            "end_date": D(2027, 3, 31),
        },
    ],
    "classrooms": [
        {"classroom_id": c, "school_id": s, "year_id": y, "grade": g, "room": 1}
        for c, s, y, g in ((100, 1, 0, 8), (101, 1, 1, 4), (102, 1, 1, 9), (201, 2, 1, 9))
    ],
    "students": [
        {"student_id": n, "sex": sex} for n, sex in enumerate(("F", "M", "F", "M", "M", "F"), 1)
    ],
    "enrolments": [
        _enrol(1, 1, 100, 1, 0, D(2025, 5, 16), D(2026, 3, 31)),
        _enrol(2, 1, 102, 1, 1, D(2026, 5, 16)),
        _enrol(3, 2, 102, 1, 1, D(2026, 5, 16)),
        _enrol(4, 3, 201, 2, 1, D(2026, 5, 16)),
        _enrol(5, 4, 101, 1, 1, D(2026, 5, 16)),
        _enrol(6, 5, 102, 1, 1, D(2026, 5, 16), D(2026, 7, 31)),
        _enrol(7, 5, 201, 2, 1, D(2026, 8, 1)),
        _enrol(8, 6, 101, 1, 1, D(2026, 11, 1)),
    ],
    "poverty": [
        _poverty(1, 1, 1, D(2026, 6, 1), True),
        _poverty(2, 1, 1, D(2026, 9, 1), False),  # later: child 1 is not extremely poor
        _poverty(3, 2, 1, D(2026, 6, 15), True),
        _poverty(4, 3, 1, D(2026, 6, 15), False),
        _poverty(5, 4, 0, D(2025, 6, 15), True),  # year 0: child 4 is unscreened in year 1
        _poverty(6, 5, 1, D(2026, 6, 15), True),
    ],
    "national_tests": [
        {"test_id": 1, "code": "onet-p6", "family": "onet", "grade": 9},
        {"test_id": 2, "code": "nt-p3", "family": "nt", "grade": 6},
    ],
    "national_subjects": [
        {
            "subject_id": 1,
            "test_id": 1,
            "code": "thai",
            "name_th": "ภาษาไทย",
            "name_en": "Thai",
            "position": 1,
        },
        {
            "subject_id": 2,
            "test_id": 1,
            "code": "math",
            "name_th": "คณิตศาสตร์",
            "name_en": "Math",
            "position": 2,
        },
        {
            "subject_id": 3,
            "test_id": 2,
            "code": "thai",
            "name_th": "ภาษาไทย",
            "name_en": "Thai",
            "position": 1,
        },
    ],
    "national_means": [
        {"subject_id": 1, "year_be": 2568, "mean": 50.0},
        {"subject_id": 1, "year_be": 2569, "mean": 55.0},  # the year's own mean wins
        {"subject_id": 1, "year_be": 2570, "mean": 99.0},  # a later year never counts
        {"subject_id": 2, "year_be": 2567, "mean": 30.0},  # no 2569 mean: the latest earlier
    ],
    "national_results": [
        {"student_id": s, "subject_id": sub, "year_id": y, "school_id": 1, "score": score}
        for s, sub, y, score in (
            (1, 1, 1, 60.0),
            (1, 2, 1, 40.0),
            (2, 1, 1, 70.0),
            (2, 2, 1, 20.0),
            (3, 1, 1, 50.0),
            (5, 2, 1, 35.0),
            (4, 3, 1, 45.0),
            (1, 1, 0, 99.0),  # year 0
        )
    ],
    "results": [
        _result(1, 11, 0.0),
        _result(1, 11, 3.5),
        _result(1, 12, 3.0),
        _result(1, 12, None, "มส"),
        _result(2, 11, 2.0),
        _result(2, 11, None, "ร"),
        _result(2, 12, None, "ผ"),  # an activity: in no denominator
        _result(2, 12, 4.0),
        _result(3, 11, 1.5),
        _result(3, 12, None),  # neither grade nor mark: in no denominator
        _result(5, 11, 0.0),  # recorded in school 1, counted where 5 ends the year: school 2
        _result(5, 12, None, "ร"),
        _result(1, 1, 0.0),  # year 0
    ],
    "literacy": [
        _literacy(4, 11, 4, 3, 2, 1),
        _literacy(4, 12, 3, 3, 3, 2),  # child 4's latest of the year
        _literacy(6, 12, 3, 2, 2, 1),
        _literacy(4, 1, 1, 1, 1, 1),  # year 0
    ],
    "health": [
        _health(1, 11, D(2026, 6, 10), True),
        _health(1, 12, D(2026, 11, 20), False),  # child 1's latest of the year
        _health(2, 11, D(2026, 6, 10), True),
        _health(3, 11, D(2026, 6, 10), None),  # a label missing: not counted
        _health(4, 12, D(2026, 11, 20), True),
        _health(5, 11, D(2026, 6, 10), False),
        _health(2, 1, D(2025, 6, 10), False),  # year 0
    ],
    "sdq": [
        _sdq(1, D(2026, 6, 20), "teacher", 20, "problem"),
        _sdq(1, D(2026, 12, 1), "teacher", 10, "normal"),  # child 1's latest of the year
        _sdq(2, D(2026, 7, 1), "parent", 12, "normal"),
        _sdq(2, D(2026, 7, 1), "teacher", 17, "at_risk"),  # same day: the severer band wins
        _sdq(3, D(2026, 7, 1), "teacher", 12, ""),  # no band: not counted
        _sdq(5, D(2026, 12, 1), "parent", 19, "problem"),
        _sdq(6, D(2027, 4, 15), "teacher", 25, "problem"),  # after the year
        _sdq(4, D(2025, 12, 1), "teacher", 17, "at_risk"),  # year 0
    ],
}


def _stored(value: Any) -> Any:
    """A value as Django stores it in SQLite: dates as ISO text, booleans as 0/1."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return int(value) if isinstance(value, bool) else value


def _sqlite_source(tables: dict[str, list[dict[str, Any]]]) -> Source:
    """The same rows in an in-memory SQLite database, read like Django's (`Source.for_sql`)."""
    con = sqlite3.connect(":memory:", check_same_thread=False)
    physical = {}
    for name, columns in SCHEMA.items():
        quoted = ", ".join(f'"{column}"' for column in columns)
        con.execute(f'CREATE TABLE "{name}" ({quoted})')
        rows = [tuple(_stored(row[c]) for c in columns) for row in tables.get(name, [])]
        marks = ", ".join("?" for _ in columns)
        con.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows)
        physical[name] = Physical(table=name, columns={c: (c, t) for c, t in columns.items()})

    def run_sql(sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
        cursor = con.execute(sql)
        return [d[0] for d in cursor.description], cursor.fetchall()

    return Source.for_sql(physical, "sqlite", run_sql)


@pytest.fixture(scope="module", params=["duckdb", "sqlite"])
def source(request: pytest.FixtureRequest) -> Source:
    if request.param == "duckdb":
        return hand_source(**TABLES)
    return _sqlite_source(TABLES)


Row = tuple[float, float, float, float]


def rows(source: Source, code: str, cut: Cut) -> dict[tuple[Any, ...], Row]:
    """{(category, *by values): (numerator, denominator, value, reference)} of one indicator."""
    frame = compute(source, cut, [code])
    assert list(frame["indicator"].unique()) in ([code], [])
    out = {}
    for record in frame.to_dict("records"):
        key = (record["category"], *(record[d] for d in cut.by))
        out[key] = (
            record["numerator"],
            record["denominator"],
            record["value"],
            record["reference"],
        )
    return out


def check(got: dict[tuple[Any, ...], Row], expected: dict[tuple[Any, ...], tuple[float, ...]]):
    """Compare (numerator, denominator[, reference]) and value = numerator / denominator."""
    assert set(got) == set(expected), (sorted(got), sorted(expected))
    for key, want in expected.items():
        numerator, denominator, value, reference = got[key]
        assert numerator == pytest.approx(want[0]), key
        assert denominator == pytest.approx(want[1]), key
        assert value == pytest.approx(want[0] / want[1]), key
        if len(want) > 2:
            if math.isnan(want[2]):
                assert math.isnan(reference), key
            else:
                assert reference == pytest.approx(want[2]), key
        else:
            assert math.isnan(reference), key


YEAR = Cut(2569)
TERM1 = Cut(2569, term=1)
TERM2 = Cut(2569, term=2)
NAN = math.nan


CODES = (
    "national_test_mean",
    "grade_zero_share",
    "grade_three_plus_share",
    "not_eligible_rate",
    "incomplete_rate",
    "literacy_level",
    "tall_and_proportionate",
    "extremely_poor_share",
    "extremely_poor_share_screened",
    "poverty_screening_coverage",
    "sdq_at_risk",
    "sdq_band",
)


def test_registered_with_labels() -> None:
    for code in CODES:
        item = INDICATORS[code]
        assert item.label_th and item.label_en and item.section == "§21"
        assert item.unit == ("score" if code == "national_test_mean" else "rate")


# -- National tests -----------------------------------------------------------------------


def test_national_test_mean_against_national_means(source: Source) -> None:
    # onet-p6:thai: 1 → 60, 2 → 70, 3 → 50 (1's 99 is year 0): 180 / 3 = 60; national 2569: 55.
    # onet-p6:math: 1 → 40, 2 → 20, 5 → 35: 95 / 3; no 2569 mean: 2567's 30.
    # nt-p3:thai: 4 → 45: 45 / 1; no national mean at all.
    check(
        rows(source, "national_test_mean", YEAR),
        {
            ("onet-p6:thai",): (180, 3, 55.0),
            ("onet-p6:math",): (95, 3, 30.0),
            ("nt-p3:thai",): (45, 1, NAN),
        },
    )


def test_national_test_mean_by_school_and_poverty(source: Source) -> None:
    # School 1 = children 1, 2, 4; school 2 = 3, 5 (5's last enrolment of the year).
    check(
        rows(source, "national_test_mean", Cut(2569, by=("school",))),
        {
            ("onet-p6:thai", 1): (130, 2, 55.0),  # 60 + 70
            ("onet-p6:thai", 2): (50, 1, 55.0),
            ("onet-p6:math", 1): (60, 2, 30.0),  # 40 + 20
            ("onet-p6:math", 2): (35, 1, 30.0),
            ("nt-p3:thai", 1): (45, 1, NAN),
        },
    )
    # Extremely poor: 2, 5; not extremely poor: 1, 3; not screened: 4.
    check(
        rows(source, "national_test_mean", Cut(2569, by=("poverty",))),
        {
            ("onet-p6:thai", "extremely_poor"): (70, 1, 55.0),
            ("onet-p6:thai", "not_extremely_poor"): (110, 2, 55.0),  # 60 + 50
            ("onet-p6:math", "extremely_poor"): (55, 2, 30.0),  # 20 + 35
            ("onet-p6:math", "not_extremely_poor"): (40, 1, 30.0),
            ("nt-p3:thai", "not_screened"): (45, 1, NAN),
        },
    )


def test_national_test_mean_is_yearly_only(source: Source) -> None:
    assert rows(source, "national_test_mean", TERM1) == {}


# -- Course results -----------------------------------------------------------------------
# Year 1's results with a grade: 1 → 0, 3.5, 3; 2 → 2, 4; 3 → 1.5; 5 → 0: 7, of which grade 0:
# 2 (1 and 5), grade 3+: 3 (3.5, 3, 4). With a grade, มส or ร: 7 + มส (1) + ร (2, 5) = 10.


def test_grade_shares_year(source: Source) -> None:
    check(rows(source, "grade_zero_share", YEAR), {("",): (2, 7)})
    check(rows(source, "grade_three_plus_share", YEAR), {("",): (3, 7)})


def test_special_mark_rates_year(source: Source) -> None:
    check(rows(source, "not_eligible_rate", YEAR), {("",): (1, 10)})
    check(rows(source, "incomplete_rate", YEAR), {("",): (2, 10)})


def test_course_results_by_school(source: Source) -> None:
    # School 1 (1, 2): graded 0, 3.5, 3, 2, 4 = 5; zero 1; 3+ 3; decided 5 + มส + ร = 7.
    # School 2 (3, 5): graded 1.5, 0 = 2; zero 1; 3+ 0; decided 2 + ร (5) = 3.
    cut = Cut(2569, by=("school",))
    check(rows(source, "grade_zero_share", cut), {("", 1): (1, 5), ("", 2): (1, 2)})
    check(rows(source, "grade_three_plus_share", cut), {("", 1): (3, 5), ("", 2): (0, 2)})
    check(rows(source, "not_eligible_rate", cut), {("", 1): (1, 7), ("", 2): (0, 3)})
    check(rows(source, "incomplete_rate", cut), {("", 1): (1, 7), ("", 2): (1, 3)})


def test_course_results_per_term(source: Source) -> None:
    # Term 1: graded 0, 3.5 (1), 2 (2), 1.5 (3), 0 (5) = 5; zero 2; 3+ 1; decided 5 + ร (2) = 6.
    check(rows(source, "grade_zero_share", TERM1), {("",): (2, 5)})
    check(rows(source, "grade_three_plus_share", TERM1), {("",): (1, 5)})
    check(rows(source, "not_eligible_rate", TERM1), {("",): (0, 6)})
    check(rows(source, "incomplete_rate", TERM1), {("",): (1, 6)})
    # Term 2: graded 3 (1), 4 (2) = 2; decided 2 + มส (1) + ร (5) = 4 (ผ and the empty result
    # are in neither).
    check(rows(source, "grade_zero_share", TERM2), {("",): (0, 2)})
    check(rows(source, "grade_three_plus_share", TERM2), {("",): (2, 2)})
    check(rows(source, "not_eligible_rate", TERM2), {("",): (1, 4)})
    check(rows(source, "incomplete_rate", TERM2), {("",): (1, 4)})


def test_course_results_filtered(source: Source) -> None:
    # Boys (2, 4, 5): graded 2, 4 (2), 0 (5) = 3; zero 1. Decided 3 + ร (2) + ร (5) = 5.
    cut = Cut(2569, where={"sex": ("M",)})
    check(rows(source, "grade_zero_share", cut), {("",): (1, 3)})
    check(rows(source, "incomplete_rate", cut), {("",): (2, 5)})


def test_a_make_up_replaces_the_mark() -> None:
    # Child 5's ร in term 2 is made up (grade 1): the result now has a grade and no mark, so the
    # year has ร 1 (child 2) of 10, and grade 0 still 2 of 8 graded.
    tables = dict(TABLES)
    tables["results"] = [
        (_result(5, 12, 1.0) if (r["student_id"], r["special_mark"]) == (5, "ร") else r)
        for r in TABLES["results"]
    ]
    source = hand_source(**tables)
    check(rows(source, "incomplete_rate", YEAR), {("",): (1, 10)})
    check(rows(source, "grade_zero_share", YEAR), {("",): (2, 8)})


# -- Reading and writing ------------------------------------------------------------------


def test_literacy_levels_latest_of_year(source: Source) -> None:
    # Latest of the year: 4 → term 12 (3, 3, 3, 2); 6 → (3, 2, 2, 1). Two screened children.
    check(
        rows(source, "literacy_level", YEAR),
        {
            ("reading_aloud:3",): (2, 2),
            ("reading_comprehension:3",): (1, 2),
            ("reading_comprehension:2",): (1, 2),
            ("word_writing:3",): (1, 2),
            ("word_writing:2",): (1, 2),
            ("composition:2",): (1, 2),
            ("composition:1",): (1, 2),
        },
    )


def test_literacy_levels_term_and_sex(source: Source) -> None:
    # Term 1: only 4's screening of term 11 (4, 3, 2, 1).
    check(
        rows(source, "literacy_level", TERM1),
        {
            ("reading_aloud:4",): (1, 1),
            ("reading_comprehension:3",): (1, 1),
            ("word_writing:2",): (1, 1),
            ("composition:1",): (1, 1),
        },
    )
    # The year by sex: boys = 4 (3, 3, 3, 2); girls = 6 (3, 2, 2, 1).
    got = rows(source, "literacy_level", Cut(2569, by=("sex",)))
    assert got[("composition:2", "M")][:2] == (1, 1)
    assert got[("composition:1", "F")][:2] == (1, 1)
    assert got[("reading_comprehension:2", "F")][:2] == (1, 1)
    assert ("reading_comprehension:2", "M") not in got
    assert len(got) == 8


# -- Health, poverty, SDQ -----------------------------------------------------------------


def test_tall_and_proportionate(source: Source) -> None:
    # Year, latest per child: 1 → False (November), 2 → True, 3 → unlabelled (out),
    # 4 → True, 5 → False: 2 of 4.
    check(rows(source, "tall_and_proportionate", YEAR), {("",): (2, 4)})
    # Term 1: 1 → True, 2 → True, 5 → False (3 out): 2 of 3.
    check(rows(source, "tall_and_proportionate", TERM1), {("",): (2, 3)})
    # Year by school: school 1 = 1 (F), 2 (T), 4 (T): 2 of 3; school 2 = 5 (F): 0 of 1.
    check(
        rows(source, "tall_and_proportionate", Cut(2569, by=("school",))),
        {("", 1): (2, 3), ("", 2): (0, 1)},
    )


def test_extremely_poor_shares(source: Source) -> None:
    # Year: 6 children; extremely poor 2 and 5; screened 1, 2, 3, 5.
    check(rows(source, "extremely_poor_share", YEAR), {("",): (2, 6)})
    check(rows(source, "extremely_poor_share_screened", YEAR), {("",): (2, 4)})
    check(rows(source, "poverty_screening_coverage", YEAR), {("",): (4, 6)})
    # Term 1: children 1–5 (6 starts in term 2).
    check(rows(source, "extremely_poor_share", TERM1), {("",): (2, 5)})
    # By school: school 1 = 1, 2, 4, 6 (poor 2; screened 1, 2); school 2 = 3, 5 (poor 5).
    cut = Cut(2569, by=("school",))
    check(rows(source, "extremely_poor_share", cut), {("", 1): (1, 4), ("", 2): (1, 2)})
    check(rows(source, "extremely_poor_share_screened", cut), {("", 1): (1, 2), ("", 2): (1, 2)})
    check(rows(source, "poverty_screening_coverage", cut), {("", 1): (2, 4), ("", 2): (2, 2)})
    # Girls (1, 3, 6): none extremely poor, two screened.
    girls = Cut(2569, where={"sex": ("F",)})
    check(rows(source, "extremely_poor_share", girls), {("",): (0, 3)})
    check(rows(source, "extremely_poor_share_screened", girls), {("",): (0, 2)})


def test_sdq_at_risk_and_bands(source: Source) -> None:
    # Year, latest banded screening per child: 1 → normal (December), 2 → at risk (the teacher's
    # form, same day as the parent's normal), 5 → problem; 3 has no band, 6's is after the year,
    # 4's is in year 0. At risk or problem: 2 of 3.
    check(rows(source, "sdq_at_risk", YEAR), {("",): (2, 3)})
    check(
        rows(source, "sdq_band", YEAR),
        {("normal",): (1, 3), ("at_risk",): (1, 3), ("problem",): (1, 3)},
    )
    # Term 1 (to 2026-10-10): 1 → problem (June), 2 → at risk: 2 of 2.
    check(rows(source, "sdq_at_risk", TERM1), {("",): (2, 2)})
    check(rows(source, "sdq_band", TERM1), {("at_risk",): (1, 2), ("problem",): (1, 2)})
    # Year by school: school 1 = 1 (normal), 2 (at risk); school 2 = 5 (problem).
    cut = Cut(2569, by=("school",))
    check(rows(source, "sdq_at_risk", cut), {("", 1): (1, 2), ("", 2): (1, 1)})
    check(
        rows(source, "sdq_band", cut),
        {("normal", 1): (1, 2), ("at_risk", 1): (1, 2), ("problem", 2): (1, 1)},
    )


def test_whole_quality_set_in_one_frame(source: Source) -> None:
    # Every quality indicator of the year, cut by grade and classroom, in one statement: the
    # grade-0 share per classroom (102: 1 → 0, 3.5, 3; 2 → 2, 4 = 1 of 5; 201: 3, 5 = 1 of 2).
    cut = Cut(2569, by=("grade", "classroom"))
    frame = compute(source, cut, CODES)
    zero = frame[frame["indicator"] == "grade_zero_share"]
    got = {
        (r["grade"], r["classroom"]): (r["numerator"], r["denominator"]) for _, r in zero.iterrows()
    }
    assert got == {(9, 102): (1, 5), (9, 201): (1, 2)}
    assert {"sdq_band", "literacy_level", "national_test_mean"} <= set(frame["indicator"])
