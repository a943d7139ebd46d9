"""Enrolment, attendance rate and chronic absence (docs/definitions.md §20, §21 Core) against
numbers worked out by hand on a tiny data set (DuckDB over rows shaped like SCHEMA).

The data set, academic year 2568 (16 May 2025 – 31 Mar 2026; term 1 16 May – 10 Oct, term 2
1 Nov – 31 Mar) of network 1, and 2567 before it:

    classroom 10: school 100, ป.1 (grade 4)    classroom 11: school 100, ป.2 (grade 5)
    classroom 20: school 200, ป.1 (grade 4)    classroom 90: school 100, ป.1, year 2567

    child sex enrolments of 2568                   poverty screenings        daily marks
    1     F   c10 16 May → (active)                2568: poor 1 Jun,         t1: 8P 1L 1A; t2: 5P
                                                   not poor 1 Dec
    2     M   c10 16 May → 15 Aug transferred_out, 2568: poor 1 Jul          t1 (c10): 2P 2S;
              c20 15 Aug → (active)                                          t1 (c20): 4T; t2: 1P 1E
    3     F   c11 1 Jul → (active)                 2567 only: poor           t2: 4P
    4     M   c20 16 May → 30 Sep dropped_out      none                      t1: 3P 2A
    5     F   (2567 only: c90)                     none                      2567: 3A
    6     F   c10 16 May → (active)                2568: poor and not poor,  none
                                                   the same day
    7     M   c10 16 May → (active), but merged into another record          t1: 2A
              (not in `students`)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest

from qinfo.indicators.compute import compute
from qinfo.indicators.frame import Cut, census_population, population
from qinfo.indicators.source import Source

D = dt.date
CORE = ("enrolment", "attendance_rate", "chronic_absence")


def _enrol(
    eid: int, sid: int, room: int, school: int, start: dt.date, end: Any, status: str, year: int = 1
):
    return {
        "enrolment_id": eid,
        "student_id": sid,
        "classroom_id": room,
        "school_id": school,
        "year_id": year,
        "start_date": start,
        "end_date": end,
        "status": status,
        "exit_reason": "" if status in ("active", "promoted") else "unspecified",
    }


def _marks(
    sid: int, first: dt.date, statuses: str, room: int = 10, school: int = 100
) -> list[dict[str, Any]]:
    return [
        {
            "student_id": sid,
            "date": first + dt.timedelta(days=n),
            "school_id": school,
            "classroom_id": room,
            "status": s,
        }
        for n, s in enumerate(statuses)
    ]


def _screen(scr: int, sid: int, year: int, day: dt.date, poor: bool) -> dict[str, Any]:
    return {
        "screening_id": scr,
        "student_id": sid,
        "year_id": year,
        "date": day,
        "income_per_member": 1000.0 if poor else 9000.0,
        "hardship_items": 3 if poor else 0,
        "extremely_poor": poor,
    }


@pytest.fixture(scope="module")
def source() -> Source:
    return Source.for_frames(
        {
            "years": [
                {
                    "year_id": 0,
                    "network_id": 1,
                    "year_be": 2567,
                    "start_date": D(2024, 5, 16),
                    "end_date": D(2025, 3, 31),
                },
                {
                    "year_id": 1,
                    "network_id": 1,
                    "year_be": 2568,
                    "start_date": D(2025, 5, 16),
                    "end_date": D(2026, 3, 31),
                },
            ],
            "terms": [
                {
                    "term_id": 1,
                    "year_id": 1,
                    "number": 1,
                    "start_date": D(2025, 5, 16),
                    "end_date": D(2025, 10, 10),
                },
                {
                    "term_id": 2,
                    "year_id": 1,
                    "number": 2,
                    "start_date": D(2025, 11, 1),
                    "end_date": D(2026, 3, 31),
                },
                {
                    "term_id": 3,
                    "year_id": 0,
                    "number": 2,
                    "start_date": D(2024, 11, 1),
                    "end_date": D(2025, 3, 31),
                },
            ],
            "schools": [
                {
                    "school_id": 100,
                    "network_id": 1,
                    "affiliation": "30",
                    "lowest_grade": 1,
                    "highest_grade": 9,
                },
                {
                    "school_id": 200,
                    "network_id": 1,
                    "affiliation": "30",
                    "lowest_grade": 1,
                    "highest_grade": 9,
                },
            ],
            "classrooms": [
                {"classroom_id": 10, "school_id": 100, "year_id": 1, "grade": 4, "room": 1},
                {"classroom_id": 11, "school_id": 100, "year_id": 1, "grade": 5, "room": 1},
                {"classroom_id": 20, "school_id": 200, "year_id": 1, "grade": 4, "room": 1},
                {"classroom_id": 90, "school_id": 100, "year_id": 0, "grade": 4, "room": 1},
            ],
            "students": [
                {"student_id": s, "sex": sex} for s, sex in zip(range(1, 7), "FMFMFF", strict=True)
            ],
            "enrolments": [
                _enrol(1, 1, 10, 100, D(2025, 5, 16), None, "active"),
                _enrol(2, 2, 10, 100, D(2025, 5, 16), D(2025, 8, 15), "transferred_out"),
                _enrol(3, 2, 20, 200, D(2025, 8, 15), None, "active"),
                _enrol(4, 3, 11, 100, D(2025, 7, 1), None, "active"),
                _enrol(5, 4, 20, 200, D(2025, 5, 16), D(2025, 9, 30), "dropped_out"),
                _enrol(6, 5, 90, 100, D(2024, 5, 16), D(2025, 3, 31), "promoted", year=0),
                _enrol(7, 6, 10, 100, D(2025, 5, 16), None, "active"),
                _enrol(8, 7, 10, 100, D(2025, 5, 16), None, "active"),
            ],
            "attendance": [
                *_marks(1, D(2025, 6, 2), "PPPPPPPPLA"),
                *_marks(1, D(2025, 11, 3), "PPPPP"),
                *_marks(2, D(2025, 6, 2), "PPSS"),
                *_marks(2, D(2025, 9, 1), "TTTT", room=20, school=200),
                *_marks(2, D(2025, 11, 3), "PE", room=20, school=200),
                *_marks(3, D(2025, 11, 3), "PPPP", room=11),
                *_marks(4, D(2025, 6, 2), "PPPAA", room=20, school=200),
                *_marks(5, D(2025, 3, 1), "AAA", room=90),
                *_marks(7, D(2025, 6, 2), "AA"),
            ],
            "poverty": [
                _screen(1, 1, 1, D(2025, 6, 1), True),
                _screen(2, 1, 1, D(2025, 12, 1), False),
                _screen(3, 2, 1, D(2025, 7, 1), True),
                _screen(4, 3, 0, D(2025, 2, 1), True),
                _screen(5, 6, 1, D(2025, 6, 5), False),
                _screen(6, 6, 1, D(2025, 6, 5), True),
            ],
        }
    )


def values(source: Source, cut: Cut, code: str) -> dict[Any, tuple[float, float]]:
    """{group (tuple of cut.by values, or () for the city): (numerator, denominator)}."""
    frame = compute(source, cut, [code])
    out = {}
    for row in frame.to_dict("records"):
        key = tuple(row[d] for d in cut.by)
        denominator = row["denominator"]
        out[key] = (row["numerator"], None if denominator != denominator else denominator)
    return out


def test_population_counts_each_child_once_in_the_last_enrolment(source: Source) -> None:
    rows = source.execute(population(source, Cut(2568))).set_index("student_id")
    # 1, 2, 3, 4, 6: child 5 was enrolled only in 2567, child 7 is a merged record.
    assert sorted(rows.index) == [1, 2, 3, 4, 6]
    assert (
        rows.loc[2, "classroom_id"] == 20 and rows.loc[2, "school_id"] == 200
    )  # after the transfer
    assert rows.loc[4, "status"] == "dropped_out"
    # Latest screening of 2568 wins (1: not poor on 1 Dec); on one day poor wins (6); a 2567
    # screening does not count for 2568 (3); none at all (4).
    assert rows["poverty"].to_dict() == {
        1: "not_extremely_poor",
        2: "extremely_poor",
        3: "not_screened",
        4: "not_screened",
        6: "extremely_poor",
    }
    term2 = source.execute(population(source, Cut(2568, 2)))
    assert sorted(term2["student_id"]) == [1, 2, 3, 6]  # 4 left on 30 Sep, before term 2


def test_census_day_population(source: Source) -> None:
    year = source.execute(census_population(source, Cut(2568))).set_index("student_id")
    # On 10 June 2025: 1, 2 (still in classroom 10), 4, 6; child 3 began on 1 July.
    assert sorted(year.index) == [1, 2, 4, 6]
    assert year.loc[2, "classroom_id"] == 10
    assert set(year["census_date"]) == {pd.Timestamp(2025, 6, 10)}
    term2 = source.execute(census_population(source, Cut(2568, 2))).set_index("student_id")
    assert sorted(term2.index) == [1, 2, 3, 6] and term2.loc[2, "school_id"] == 200


def test_enrolment(source: Source) -> None:
    # Year and term 1: the 10 June census: 1, 2, 4, 6 → 4; school 100 has 1, 2, 6; 200 has 4.
    assert values(source, Cut(2568), "enrolment") == {(): (4, None)}
    assert values(source, Cut(2568, 1), "enrolment") == {(): (4, None)}
    assert values(source, Cut(2568, by=("school",)), "enrolment") == {
        (100,): (3, None),
        (200,): (1, None),
    }
    # Term 2, 10 November: 1, 3, 6 at school 100; 2 at school 200 (after the transfer).
    assert values(source, Cut(2568, 2, by=("school",)), "enrolment") == {
        (100,): (3, None),
        (200,): (1, None),
    }
    # Poverty on 10 June: 1 not poor (latest screening of the year), 2 and 6 poor, 4 not screened.
    assert values(source, Cut(2568, by=("poverty",)), "enrolment") == {
        ("extremely_poor",): (2, None),
        ("not_extremely_poor",): (1, None),
        ("not_screened",): (1, None),
    }
    # Last year: only child 5 (enrolled on 10 June 2024).
    assert values(source, Cut(2567), "enrolment") == {(): (1, None)}


def test_attendance_rate(source: Source) -> None:
    # Year: child 1 15 marks (14 attended: 8P 1L 5P), child 2 10 (7: 2P 4T 1P), child 3 4 (4),
    # child 4 5 (3); child 5's marks are 2567's, child 7 is merged: 28 / 34.
    assert values(source, Cut(2568), "attendance_rate") == {(): (28, 34)}
    # By school of the last enrolment: 100 = children 1, 3 → 18/19; 200 = children 2, 4 → 10/15
    # (child 2's marks from classroom 10 count at school 200: the marks follow the child).
    assert values(source, Cut(2568, by=("school",)), "attendance_rate") == {
        (100,): (18, 19),
        (200,): (10, 15),
    }
    # Term 1: child 1 10 marks (9), child 2 8 (6), child 4 5 (3) → 18/23.
    # Term 2: child 1 5 (5), child 2 2 (1), child 3 4 (4) → 10/11.
    assert values(source, Cut(2568, 1), "attendance_rate") == {(): (18, 23)}
    assert values(source, Cut(2568, 2), "attendance_rate") == {(): (10, 11)}
    # Sex: F = 1, 3 → 18/19; M = 2, 4 → 10/15. Poverty: 1 not poor, 2 poor, 3 and 4 not screened.
    assert values(source, Cut(2568, by=("sex",)), "attendance_rate") == {
        ("F",): (18, 19),
        ("M",): (10, 15),
    }
    assert values(source, Cut(2568, by=("poverty",)), "attendance_rate") == {
        ("extremely_poor",): (7, 10),
        ("not_extremely_poor",): (14, 15),
        ("not_screened",): (7, 9),
    }
    frame = compute(source, Cut(2568), ["attendance_rate"])
    assert frame["value"].tolist() == [pytest.approx(28 / 34)]


def test_chronic_absence(source: Source) -> None:
    # Year: children with marks 1, 2, 3, 4. Missed: 1 → 1 of 15 (10 < 15, no); 2 → 3 of 10 (yes);
    # 3 → 0 of 4; 4 → 2 of 5 (yes): 2 / 4.
    assert values(source, Cut(2568), "chronic_absence") == {(): (2, 4)}
    # Term 1: 1 → 1 of 10 (exactly 10 %: yes); 2 → 2 of 8 (yes); 4 → 2 of 5 (yes): 3 / 3.
    assert values(source, Cut(2568, 1), "chronic_absence") == {(): (3, 3)}
    # Term 2: 1 → 0 of 5; 2 → 1 of 2 (yes); 3 → 0 of 4: 1 / 3.
    assert values(source, Cut(2568, 2), "chronic_absence") == {(): (1, 3)}
    # Filters: school 100 only (children 1, 3, 6; 6 has no mark): 0 / 2.
    # Boys by grade: 2 and 4, both in ป.1 (grade 4), both chronic: 2 / 2.
    assert values(source, Cut(2568, where={"school": (100,)}), "chronic_absence") == {(): (0, 2)}
    assert values(source, Cut(2568, by=("grade",), where={"sex": ("M",)}), "chronic_absence") == {
        (4,): (2, 2)
    }


def test_standard_frame_shape(source: Source) -> None:
    frame = compute(source, Cut(2568, by=("school", "sex")), CORE)
    assert list(frame.columns) == [
        "indicator", "category", "school", "sex", "numerator", "denominator", "value", "reference",
    ]  # fmt: skip
    assert frame["indicator"].drop_duplicates().tolist() == list(CORE)  # display order
    assert (frame["category"] == "").all() and frame["reference"].isna().all()
    enrolment = frame[frame["indicator"] == "enrolment"]
    assert (enrolment["value"] == enrolment["numerator"]).all()  # a count is its numerator


def test_cut_validation() -> None:
    with pytest.raises(ValueError):
        Cut(2568, by=("province",))
    with pytest.raises(ValueError):
        Cut(2568, term=3)
    assert Cut(2568, where={"school": [1, 2]}) == Cut(2568, where={"school": (1, 2)})
    assert Cut(2568, where={"school": (1, 2)}).narrowed(school=(2, 3)).where == {"school": (2,)}
    assert Cut(2568, 1).key() != Cut(2568).key()
