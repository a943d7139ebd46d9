"""The efficiency indicators against hand calculations on a tiny network (docs/definitions.md §21,
Efficiency), on DuckDB and on SQLite.

The network (one municipality, schools 1 and 2) over academic years 2567 (year 1) and 2568
(year 2). Year 2567, each child once in the last enrolment of the year:

    child sex class school grade  how the year ended                   year 2568
    1     F   101   1      ป.6    promoted                             201 ม.1
    2     M   101   1      ป.6    graduated                            205 ม.1 (school 2)
    3     F   101   1      ป.6    graduated                            not in the network
    4     M   101   1      ป.6    dropped out 2024-08-30               -
    5     F   102   1      ม.1    promoted                             202 ม.2
    6     M   102   1      ม.1    repeating                            201 ม.1
    7     F   105   2      ม.1    promoted (transferred from 102 on    202 ม.2
                                  2024-09-01: two enrolments)
    8     M   102   1      ม.1    dropped out 2024-12-15               -
    9     F   103   1      ม.2    promoted                             203 ม.3
    10    M   103   1      ม.2    promoted                             203 ม.3
    11    F   104   1      ม.3    graduated                            204 ม.4
    12    M   104   1      ม.3    graduated                            not in the network
    13    F   104   1      ม.3    repeating                            203 ม.3
    14    M   104   1      ม.3    deceased 2025-01-10                  -
    15    M   105   2      ม.1    promoted                             202 ม.2
    16    F   103   1      ม.2    dropped out 2024-06-30, came back     203 ม.3
                                  on 2024-11-05 (two enrolments), promoted
    17    M   -     -      -      (not in 2567: moves in from outside)  202 ม.2

16 children in 2567: school 1 has 14 (all but 7 and 15), school 2 has 2; 8 girls, 8 boys.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from qinfo.indicators.cohort import reconstructed_cohort
from qinfo.indicators.compute import compute
from qinfo.indicators.frame import Cut
from tests.indicators.efficiency_data import (
    ENGINES,
    D,
    Rows,
    classroom,
    enrolment,
    school,
    term,
    year,
)


def flow_rows() -> Rows:
    e = enrolment
    enrolments = [
        e(1, 1, 101, 1, 1, "2024-05-16", "2025-03-31", "promoted"),
        e(2, 2, 101, 1, 1, "2024-05-16", "2025-03-31", "graduated"),
        e(3, 3, 101, 1, 1, "2024-05-16", "2025-03-31", "graduated"),
        e(4, 4, 101, 1, 1, "2024-05-16", "2024-08-30", "dropped_out", "low_income"),
        e(5, 5, 102, 1, 1, "2024-05-16", "2025-03-31", "promoted"),
        e(6, 6, 102, 1, 1, "2024-05-16", "2025-03-31", "repeating"),
        e(7, 7, 102, 1, 1, "2024-05-16", "2024-09-01", "transferred_out", "same_affiliation"),
        e(8, 7, 105, 2, 1, "2024-09-01", "2025-03-31", "promoted"),
        e(9, 8, 102, 1, 1, "2024-05-16", "2024-12-15", "dropped_out", "family_necessity"),
        e(10, 9, 103, 1, 1, "2024-05-16", "2025-03-31", "promoted"),
        e(11, 10, 103, 1, 1, "2024-05-16", "2025-03-31", "promoted"),
        e(12, 11, 104, 1, 1, "2024-05-16", "2025-03-31", "graduated"),
        e(13, 12, 104, 1, 1, "2024-05-16", "2025-03-31", "graduated"),
        e(14, 13, 104, 1, 1, "2024-05-16", "2025-03-31", "repeating"),
        e(15, 14, 104, 1, 1, "2024-05-16", "2025-01-10", "deceased", "death"),
        e(16, 15, 105, 2, 1, "2024-05-16", "2025-03-31", "promoted"),
        e(17, 16, 103, 1, 1, "2024-05-16", "2024-06-30", "dropped_out", "unspecified"),
        e(18, 16, 103, 1, 1, "2024-11-05", "2025-03-31", "promoted"),
        # year 2568
        e(30, 1, 201, 1, 2, "2025-05-16"),
        e(31, 2, 205, 2, 2, "2025-05-16"),
        e(32, 5, 202, 1, 2, "2025-05-16"),
        e(33, 6, 201, 1, 2, "2025-05-16"),
        e(34, 7, 202, 1, 2, "2025-05-16"),
        e(35, 9, 203, 1, 2, "2025-05-16"),
        e(36, 10, 203, 1, 2, "2025-05-16"),
        e(37, 11, 204, 2, 2, "2025-05-16"),
        e(38, 13, 203, 1, 2, "2025-05-16"),
        e(39, 15, 202, 1, 2, "2025-05-16"),
        e(40, 16, 203, 1, 2, "2025-05-16"),
        e(41, 17, 202, 1, 2, "2025-05-16"),
    ]
    classrooms = [
        classroom(101, 1, 1, 9),
        classroom(102, 1, 1, 10),
        classroom(103, 1, 1, 11),
        classroom(104, 1, 1, 12),
        classroom(105, 2, 1, 10),
        classroom(201, 1, 2, 10),
        classroom(202, 1, 2, 11),
        classroom(203, 1, 2, 12),
        classroom(204, 2, 2, 13),
        classroom(205, 2, 2, 10),
    ]
    girls = {1, 3, 5, 7, 9, 11, 13, 16}
    students = [{"student_id": s, "sex": "F" if s in girls else "M"} for s in range(1, 18)]
    staff = [
        {"staff_id": 1, "school_id": 1, "position": "teacher", "active": True},
        {"staff_id": 2, "school_id": 1, "position": "teacher", "active": True},
        {"staff_id": 3, "school_id": 1, "position": "teacher", "active": False},
        {"staff_id": 4, "school_id": 1, "position": "director", "active": True},
        {"staff_id": 5, "school_id": 2, "position": "teacher", "active": True},
    ]
    scores = [
        {"student_id": 1, "school_id": 1, "as_of": D("2024-09-01"), "level": "at_risk"},
        {"student_id": 1, "school_id": 1, "as_of": D("2025-02-01"), "level": "normal"},
        {"student_id": 2, "school_id": 1, "as_of": D("2024-10-01"), "level": "problem"},
        {"student_id": 3, "school_id": 1, "as_of": D("2025-06-01"), "level": "problem"},
        {"student_id": 5, "school_id": 1, "as_of": D("2024-12-01"), "level": "at_risk"},
    ]
    visits = [
        {"visit_id": 1, "student_id": 1, "year_id": 1, "date": D("2024-06-20")},
        {"visit_id": 2, "student_id": 1, "year_id": 1, "date": D("2024-07-20")},
        {"visit_id": 3, "student_id": 7, "year_id": 1, "date": D("2024-10-01")},
        {"visit_id": 4, "student_id": 9, "year_id": 2, "date": D("2025-06-20")},
    ]
    return {
        "networks": [{"network_id": 1, "kind": "municipality"}],
        "schools": [school(1), school(2)],
        "years": [year(1, 2567), year(2, 2568)],
        "terms": [
            term(11, 1, 1, "2024-05-16", "2024-10-10"),
            term(12, 1, 2, "2024-11-01", "2025-03-31"),
            term(21, 2, 1, "2025-05-16", "2025-10-10"),
            term(22, 2, 2, "2025-11-01", "2026-03-31"),
        ],
        "classrooms": classrooms,
        "students": students,
        "enrolments": enrolments,
        "staff": staff,
        "risk_scores": scores,
        "home_visits": visits,
    }


@pytest.fixture(params=sorted(ENGINES), scope="module")
def source(request: pytest.FixtureRequest) -> Any:
    return ENGINES[request.param](**flow_rows())


def values(frame: pd.DataFrame, *keys: str) -> dict[Any, tuple[float, float]]:
    """{(category, *keys) or category: (numerator, denominator)}."""
    out = {}
    for row in frame.to_dict("records"):
        key = tuple(row[k] for k in ("category", *keys))
        out[key[0] if len(key) == 1 else key] = (row["numerator"], row["denominator"])
    return out


def one(source: Any, code: str, cut: Cut, *keys: str) -> dict[Any, tuple[float, float]]:
    frame = compute(source, cut, [code])
    assert list(frame.indicator.unique()) in ([code], [])
    return values(frame, *keys)


# Dropout -----------------------------------------------------------------------------------------
def test_dropout_rate_year_counts_the_last_enrolment(source: Any) -> None:
    # Dropped out in the last enrolment of 2567: children 4 and 8. Child 16 dropped out and came
    # back (last enrolment promoted); child 7 transferred inside the network (last: promoted);
    # child 14 died (not a dropout). 2 / 16.
    assert one(source, "dropout_rate", Cut(2567)) == {"": (2, 16)}
    # By school: school 1 has 4 and 8 among its 14; school 2 (7 and 15) none.
    assert one(source, "dropout_rate", Cut(2567, by=("school",)), "school") == {
        ("", 1): (2, 14),
        ("", 2): (0, 2),
    }
    # By sex: both dropouts are boys (8 boys, 8 girls).
    by_sex = one(source, "dropout_rate", Cut(2567, by=("sex",)), "sex")
    assert by_sex == {("", "F"): (0, 8), ("", "M"): (2, 8)}
    # Filtered to classroom 102 (children 5, 6, 8; child 7 left it for 105): 8 → 1 / 3.
    assert one(source, "dropout_rate", Cut(2567, where={"classroom": (102,)})) == {"": (1, 3)}


def test_dropout_rate_per_term(source: Any) -> None:
    # Term 1 (16 May – 10 Oct 2024): all 16 children; child 4 left on 30 Aug and child 16's last
    # enrolment overlapping term 1 is the one that ended dropped out on 30 Jun: 2 / 16. Child 8
    # left on 15 Dec, after term 1.
    assert one(source, "dropout_rate", Cut(2567, term=1)) == {"": (2, 16)}
    # Term 2 (1 Nov – 31 Mar): 15 children (child 4 gone); child 8 left inside it: 1 / 15.
    assert one(source, "dropout_rate", Cut(2567, term=2)) == {"": (1, 15)}


# Transition ---------------------------------------------------------------------------------------
def test_transition_p6_to_m1(source: Any) -> None:
    # ป.6 in 2567: children 1–4. In ม.1 in 2568 anywhere in the network: 1 (school 1) and 2
    # (school 2). 3 left the network, 4 dropped out. 2 / 4; girls 1 and 3 → 1/2, boys 2 and 4 → 1/2.
    assert one(source, "transition_p6_m1", Cut(2567)) == {"": (2, 4)}
    assert one(source, "transition_p6_m1", Cut(2567, by=("sex",)), "sex") == {
        ("", "F"): (1, 2),
        ("", "M"): (1, 2),
    }


def test_transition_m3_to_m4(source: Any) -> None:
    # ม.3 in 2567: 11, 12, 13, 14; only 11 is in ม.4 in 2568 (13 repeats ม.3). 1 / 4.
    assert one(source, "transition_m3_m4", Cut(2567)) == {"": (1, 4)}


def test_transition_needs_the_next_year(source: Any) -> None:
    # 2568 has no year 2569: no row rather than a transition rate of 0.
    assert one(source, "transition_p6_m1", Cut(2568)) == {}
    # A yearly indicator asked for a term is skipped.
    assert one(source, "transition_p6_m1", Cut(2567, term=1)) == {}


# The reconstructed cohort -----------------------------------------------------------------------
# Year 2567 → 2568, each child of 2567 by outcome (repeated: same grade in 2568; promoted: next
# grade in 2568, or, in the last grade of a level, the year ended graduated/promoted; else left):
#   ป.6: 1 P, 2 P, 3 P (graduated, gone), 4 left                  E 4  P 3  R 0
#   ม.1: 5 P, 6 R, 7 P, 8 left, 15 P                               E 5  P 3  R 1
#   ม.2: 9 P, 10 P, 16 P                                           E 3  P 3  R 0
#   ม.3: 11 P, 12 P (graduated, gone), 13 R, 14 left (died)        E 4  P 2  R 1
# Child 17 moved in from outside in 2568: the cohort is closed and leaves him out, so that
# E_i(t+1) = R_i(t+1) + promoted from grade i−1: ม.1 1, ม.2 0 + 3 = 3, ม.3 1 + 3 = 4.
def test_rates_by_grade(source: Any) -> None:
    cut = Cut(2567)
    assert one(source, "promotion_rate", cut) == {
        "P6": (3, 4), "M1": (3, 5), "M2": (3, 3), "M3": (2, 4),
    }  # fmt: skip
    assert one(source, "repetition_rate", cut) == {
        "P6": (0, 4), "M1": (1, 5), "M2": (0, 3), "M3": (1, 4),
    }  # fmt: skip
    assert one(source, "grade_dropout_rate", cut) == {
        "P6": (1, 4), "M1": (1, 5), "M2": (0, 3), "M3": (1, 4),
    }  # fmt: skip
    # Per classroom is per group: class 105 (children 7 and 15, both promoted to ม.2).
    by_class = one(source, "promotion_rate", Cut(2567, by=("classroom",)), "classroom")
    assert by_class[("M1", 105)] == (2, 2)
    assert by_class[("M1", 102)] == (1, 3)  # 5 P, 6 R, 8 left


def test_lower_secondary_cohort_by_hand_and_by_the_method(source: Any) -> None:
    # Rates: p = (3/5, 3/3, 2/4), r = (1/5, 0, 1/4).
    # Survival S1 = 1, S2 = 1 · 0.6 / 0.8 = 0.75, S3 = 0.75 · 1 / 1 = 0.75.
    # Graduates per entrant G = 0.75 · 0.5 / 0.75 = 0.5; pupil-years Y = 1/0.8 + 0.75/1 +
    # 0.75/0.75 = 3.0; coefficient of efficiency = 3 · 0.5 / 3.0 = 0.5.
    survival = one(source, "survival_rate", Cut(2567))
    assert set(survival) == {"M1", "M2", "M3"}  # primary lacks ป.1–ป.5: no cohort
    assert {k: v[0] for k, v in survival.items()} == pytest.approx(
        {"M1": 1.0, "M2": 0.75, "M3": 0.75}
    )
    efficiency = one(source, "coefficient_of_efficiency", Cut(2567))
    assert efficiency == {"lower_secondary": (pytest.approx(0.5), 1.0)}
    # The same as H2's method on the hand-counted aggregates.
    flow = reconstructed_cohort(["M1", "M2", "M3"], [5, 3, 4], [1, 3, 4], [1, 0, 1], 2)
    assert [survival[g][0] for g in ("M1", "M2", "M3")] == pytest.approx(list(flow.survival))
    assert efficiency["lower_secondary"][0] == pytest.approx(flow.coefficient_of_efficiency)


def test_cohort_per_group(source: Any) -> None:
    # Girls: ม.1 5 P, 7 P (E 2 P 2); ม.2 9 P, 16 P (E 2 P 2); ม.3 11 P, 13 R (E 2 P 1 R 1).
    #   p = (1, 1, .5), r = (0, 0, .5): S = (1, 1, 1), G = .5/.5 = 1, Y = 1 + 1 + 1/.5 = 4,
    #   efficiency 3 · 1 / 4 = .75.
    # Boys: ม.1 6 R, 8 left, 15 P (E 3 P 1 R 1); ม.2 10 P (E 1 P 1); ม.3 12 P, 14 left (E 2 P 1).
    #   p = (1/3, 1, 1/2), r = (1/3, 0, 0): S = (1, .5, .5), G = .25, Y = 1.5 + .5 + .5 = 2.5,
    #   efficiency 3 · .25 / 2.5 = .3.
    cut = Cut(2567, by=("sex",))
    survival = one(source, "survival_rate", cut, "sex")
    assert {k: v[0] for k, v in survival.items()} == pytest.approx(
        {
            ("M1", "F"): 1.0, ("M2", "F"): 1.0, ("M3", "F"): 1.0,
            ("M1", "M"): 1.0, ("M2", "M"): 0.5, ("M3", "M"): 0.5,
        }
    )  # fmt: skip
    efficiency = one(source, "coefficient_of_efficiency", cut, "sex")
    assert {k: v[0] for k, v in efficiency.items()} == pytest.approx(
        {("lower_secondary", "F"): 0.75, ("lower_secondary", "M"): 0.3}
    )
    girls = reconstructed_cohort(["M1", "M2", "M3"], [2, 2, 2], [0, 2, 3], [0, 0, 1], 1)
    assert efficiency[("lower_secondary", "F")][0] == pytest.approx(girls.coefficient_of_efficiency)
    # By school: school 2 has only ม.1 (7, 15), so no cohort; school 1: ม.1 5 P 6 R 8 left
    # (E 3 P 1 R 1), ม.2 E 3 P 3, ม.3 E 4 P 2 R 1: E(t+1) = (1, 0 + 1, 1 + 3) = (1, 1, 4);
    # p = (1/3, 1, 1/2), r = (1/3, 0, 1/4): S = (1, .5, .5), G = .5 · .5 / .75 = 1/3,
    # Y = 1.5 + .5 + .5/.75 = 8/3, efficiency 3 · (1/3) / (8/3) = .375.
    by_school = one(source, "coefficient_of_efficiency", Cut(2567, by=("school",)), "school")
    assert {k: v[0] for k, v in by_school.items()} == pytest.approx({("lower_secondary", 1): 0.375})
    school1 = reconstructed_cohort(["M1", "M2", "M3"], [3, 3, 4], [1, 1, 4], [1, 0, 1], 2)
    assert by_school[("lower_secondary", 1)][0] == pytest.approx(school1.coefficient_of_efficiency)


def test_cohort_refuses_grade_and_classroom_cuts(source: Any) -> None:
    # The method needs every grade of a level: cut by grade or classroom there is no row.
    for by in (("grade",), ("classroom",), ("school", "grade")):
        assert one(source, "survival_rate", Cut(2567, by=by), *by) == {}
        assert one(source, "coefficient_of_efficiency", Cut(2567, by=by), *by) == {}
    # Without a year t+1 there is no flow to follow.
    assert one(source, "promotion_rate", Cut(2568)) == {}
    assert one(source, "survival_rate", Cut(2568)) == {}


# Pupil–teacher ratio, risk levels, home visits ------------------------------------------------
def test_pupil_teacher_ratio(source: Any) -> None:
    # Active teachers: school 1 two (staff 1, 2; 3 inactive, 4 a director), school 2 one.
    # Pupils 2567: school 1 14, school 2 2; city 16 / 3.
    assert one(source, "pupil_teacher_ratio", Cut(2567)) == {"": (16, 3)}
    assert one(source, "pupil_teacher_ratio", Cut(2567, by=("school",)), "school") == {
        ("", 1): (14, 2),
        ("", 2): (2, 1),
    }
    frame = compute(source, Cut(2567, by=("school",)), ["pupil_teacher_ratio"])
    assert frame.value.tolist() == [7.0, 2.0]
    # Teachers are not split by sex, grade or poverty: no row, cut or filtered.
    assert one(source, "pupil_teacher_ratio", Cut(2567, by=("sex",)), "sex") == {}
    assert one(source, "pupil_teacher_ratio", Cut(2567, where={"grade": (9,)})) == {}
    assert one(source, "pupil_teacher_ratio", Cut(2567, where={"school": (2,)})) == {"": (2, 1)}


def test_risk_levels(source: Any) -> None:
    # Latest score dated in 2567 (16 May 2024 – 15 May 2025): child 1 normal (1 Feb 2025, after
    # at_risk on 1 Sep), 2 problem, 5 at_risk; 3's score (1 Jun 2025) is of 2568: not scored.
    assert one(source, "risk_levels", Cut(2567)) == {
        "normal": (1, 16), "at_risk": (1, 16), "problem": (1, 16), "not_scored": (13, 16),
    }  # fmt: skip
    # Term 1 (to 10 Oct 2024): child 1 at_risk (1 Sep), 2 problem; 5's score is later.
    assert one(source, "risk_levels", Cut(2567, term=1)) == {
        "normal": (0, 16), "at_risk": (1, 16), "problem": (1, 16), "not_scored": (14, 16),
    }  # fmt: skip
    # Every level has a row in every group, 0 when no child is in it (school 2: 7 and 15).
    by_school = one(source, "risk_levels", Cut(2567, by=("school",)), "school")
    assert {k: v for k, v in by_school.items() if k[1] == 2} == {
        ("normal", 2): (0, 2), ("at_risk", 2): (0, 2),
        ("problem", 2): (0, 2), ("not_scored", 2): (2, 2),
    }  # fmt: skip


def test_home_visit_coverage(source: Any) -> None:
    # Visits of 2567: child 1 (twice: counted once) and child 7; child 9's visit is of 2568.
    assert one(source, "home_visit_coverage", Cut(2567)) == {"": (2, 16)}
    # Child 7 counts in school 2, the school of the last enrolment of the year.
    assert one(source, "home_visit_coverage", Cut(2567, by=("school",)), "school") == {
        ("", 1): (1, 14),
        ("", 2): (1, 2),
    }
    # Filters: girls (1, 3, 5, 7, 9, 11, 13, 16) of school 2: child 7 alone, visited.
    cut = Cut(2567, where={"sex": ("F",), "school": (2,)})
    assert one(source, "home_visit_coverage", cut) == {"": (1, 1)}


OURS = [
    "dropout_rate", "transition_p6_m1", "transition_m3_m4", "promotion_rate", "repetition_rate",
    "grade_dropout_rate", "survival_rate", "coefficient_of_efficiency", "pupil_teacher_ratio",
    "risk_levels", "home_visit_coverage", "data_completeness",
]  # fmt: skip


def test_efficiency_set_in_one_frame(source: Any) -> None:
    frame = compute(source, Cut(2567, by=("school",)), OURS)
    assert set(frame.indicator) == set(OURS)
    rates = frame[frame.indicator != "pupil_teacher_ratio"]
    assert ((rates.value >= 0) & (rates.value <= 1)).all()
    dropout = frame[frame.indicator == "dropout_rate"]
    assert dropout.value.tolist() == pytest.approx([2 / 14, 0.0])
