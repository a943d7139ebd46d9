"""The UNESCO reconstructed cohort (docs/definitions.md §22): a worked example by hand, and the
closed form against a year-by-year simulation of the cohort."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qinfo.indicators.cohort import CohortError, reconstructed_cohort

GRADES = ("P1", "P2", "P3", "P4", "P5", "P6")


def test_worked_example_six_grade_primary() -> None:
    # Year t: 1,000 pupils in every grade. Repeaters in t+1: P1 200, P2 200, P5 200, else 0.
    # Enrolment in t+1 = promoted from the grade below + repeaters of the grade:
    #   P2 720+200 = 920, P3 720+0 = 720, P4 900+0 = 900, P5 1000+200 = 1200, P6 800+0 = 800;
    #   P1 in t+1 (new entrants + repeaters) = 1050 and plays no part in the rates.
    # Graduates of P6 in year t: 900.
    result = reconstructed_cohort(
        GRADES,
        [1000] * 6,
        [1050, 920, 720, 900, 1200, 800],
        [200, 200, 0, 0, 200, 0],
        900,
    )
    # Repetition r_i = R_i(t+1) / E_i(t):         .20 .20 .00 .00 .20 .00
    # Promotion p_i = (E_{i+1} − R_{i+1})(t+1) / E_i(t); P6: 900 / 1000:
    #   P1 (920−200)/1000 = .72, P2 (720−0) = .72, P3 (900−0) = .90, P4 (1200−200) = 1.00,
    #   P5 (800−0) = .80, P6 = .90
    # Dropout d_i = 1 − p_i − r_i:                 .08 .08 .10 .00 .00 .10
    assert result.repetition == pytest.approx([0.2, 0.2, 0.0, 0.0, 0.2, 0.0])
    assert result.promotion == pytest.approx([0.72, 0.72, 0.9, 1.0, 0.8, 0.9])
    assert result.dropout == pytest.approx([0.08, 0.08, 0.1, 0.0, 0.0, 0.1])
    # Leaving grade i by promotion: p_i / (1 − r_i) = .9 .9 .9 1 1 .9
    # Survival S_1 = 1, S_{k+1} = S_k · p_k / (1 − r_k):
    #   1, .9, .81, .729, .729, .729
    assert result.survival == pytest.approx([1.0, 0.9, 0.81, 0.729, 0.729, 0.729])
    assert result.survival_to_last_grade == pytest.approx(0.729)
    assert result.cumulative_dropout == pytest.approx(0.271)  # 1 − .729
    # Graduates per entrant: .729 · .9 / 1 = .6561
    assert result.graduation == pytest.approx(0.6561)
    # Pupil-years per entrant Σ S_i / (1 − r_i):
    #   1/.8 + .9/.8 + .81 + .729 + .729/.8 + .729
    #   = 1.25 + 1.125 + .81 + .729 + .91125 + .729 = 5.55425
    assert result.pupil_years == pytest.approx(5.55425)
    # Years-input per graduate: 5.55425 / .6561 = 8.46555...
    assert result.years_input_per_graduate == pytest.approx(5.55425 / 0.6561)
    assert result.years_input_per_graduate == pytest.approx(8.465554, abs=1e-6)
    # Coefficient of efficiency: 6 · .6561 / 5.55425 = 3.9366 / 5.55425 = .70875...
    assert result.coefficient_of_efficiency == pytest.approx(0.708754, abs=1e-6)
    assert result.as_dict()["grades"][2] == {
        "grade": "P3",
        "promotion": pytest.approx(0.9),
        "repetition": 0.0,
        "dropout": pytest.approx(0.1),
        "survival": pytest.approx(0.81),
    }


def test_no_graduate_means_infinite_years_and_zero_efficiency() -> None:
    result = reconstructed_cohort(["M1", "M2"], [100, 100], [100, 90], [10, 0], 0)
    assert result.survival == pytest.approx([1.0, 0.9 / 0.9])  # p=.9, r=.1 → 1
    assert math.isinf(result.years_input_per_graduate)
    assert result.coefficient_of_efficiency == 0.0
    assert result.as_dict()["years_input_per_graduate"] is None


@pytest.mark.parametrize(
    ("args", "grade", "field", "words"),
    [
        ((["A", "B"], [10, 10], [10, 10], [0, 0], 11), "B", "graduates", "exceed"),
        ((["A", "B"], [10, 10], [10, 5], [0, 6], 5), "B", "repeaters_t1", "exceed"),
        ((["A", "B"], [10, 0], [10, 5], [0, 0], 0), "B", "enrolment_t", "no enrolment"),
        ((["A", "B"], [10, 10], [10, 9], [3, 0], 5), "A", "enrolment_t", "negative"),
        ((["A", "B"], [10, 10], [10, 0], [10, 0], 5), "A", "repeaters_t1", "never leave"),
        ((["A", "B"], [10, -1], [10, 10], [0, 0], 5), "B", "enrolment_t", "non-negative"),
        ((["A", "B"], [10, 10], [10, 10], [0, 0], -1), None, "graduates", "non-negative"),
        ((["A", "A"], [10, 10], [10, 10], [0, 0], 1), None, None, "twice"),
        (([], [], [], [], 0), None, None, "no grades"),
        ((["A"], [10, 10], [10], [0], 0), None, None, "one count per grade"),
    ],
)
def test_refusals_name_the_grade_and_the_input(
    args: tuple, grade: str | None, field: str | None, words: str
) -> None:
    with pytest.raises(CohortError) as caught:
        reconstructed_cohort(*args)
    assert caught.value.grade == grade
    assert caught.value.field == field
    assert words in caught.value.message_en
    assert caught.value.message_th  # Thai first, always present


# Oracle: the cohort simulated year by year -------------------------------------------------
def simulate(promotion: list[float], repetition: list[float]) -> dict[str, object]:
    """One entrant in grade 1; each year a pupil of grade i repeats with r_i, moves on with p_i,
    leaves otherwise. Iterate until less than 1e-12 of the cohort is still at school."""
    n = len(promotion)
    at_school = [1.0] + [0.0] * (n - 1)
    reached = [1.0] + [0.0] * (n - 1)
    graduates = pupil_years = 0.0
    while sum(at_school) >= 1e-12:
        pupil_years += sum(at_school)
        following = [repetition[i] * at_school[i] for i in range(n)]
        for i in range(n - 1):
            moved = promotion[i] * at_school[i]
            following[i + 1] += moved
            reached[i + 1] += moved
        graduates += promotion[-1] * at_school[-1]
        at_school = following
    return {"reached": reached, "graduates": graduates, "pupil_years": pupil_years}


@st.composite
def school_data(draw: st.DrawFn, positive: bool = True) -> tuple:
    """Consistent counts: E(t), repeaters (at most 80% of E(t), so the simulation ends quickly),
    promoted (at least 1 when ``positive``); E(t+1) of grade i+1 = promoted from i + its
    repeaters."""
    n = draw(st.integers(1, 7))
    enrolment_t, repeaters, promoted = [], [], []
    for _ in range(n):
        base = draw(st.integers(1, 3000))
        r = draw(st.integers(0, base * 4 // 5))
        p = draw(st.integers(1 if positive else 0, base - r)) if base - r >= 1 else 0
        enrolment_t.append(base)
        repeaters.append(r)
        promoted.append(p)
    first = repeaters[0] + draw(st.integers(0, 3000))
    enrolment_t1 = [first] + [promoted[i] + repeaters[i + 1] for i in range(n - 1)]
    grades = [f"G{i + 1}" for i in range(n)]
    return grades, enrolment_t, enrolment_t1, repeaters, promoted[-1]


@settings(max_examples=150, deadline=None)
@given(school_data(positive=False))
def test_closed_form_matches_the_simulated_cohort(data: tuple) -> None:
    result = reconstructed_cohort(*data)
    grades, enrolment_t, enrolment_t1, repeaters, graduates = data
    # the rates, from the counts directly
    for i in range(len(grades)):
        promoted = graduates if i == len(grades) - 1 else enrolment_t1[i + 1] - repeaters[i + 1]
        assert result.promotion[i] == pytest.approx(promoted / enrolment_t[i])
        assert result.repetition[i] == pytest.approx(repeaters[i] / enrolment_t[i])
        assert result.promotion[i] + result.repetition[i] + result.dropout[i] == pytest.approx(1)
    sim = simulate(list(result.promotion), list(result.repetition))
    assert result.survival == pytest.approx(sim["reached"], rel=1e-9, abs=1e-11)
    assert result.graduation == pytest.approx(sim["graduates"], rel=1e-9, abs=1e-11)
    assert result.pupil_years == pytest.approx(sim["pupil_years"], rel=1e-9)
    assert result.cumulative_dropout == pytest.approx(1 - sim["reached"][-1], abs=1e-11)
    if sim["graduates"] > 1e-9:
        # The simulation stops with < 1e-12 of the cohort left (at most 5e-12 pupil-years and
        # 1e-12 graduates unseen): relative to few graduates, that is the tolerance.
        rel = 1e-9 + 1e-11 / sim["graduates"]
        expected = sim["pupil_years"] / sim["graduates"]
        assert result.years_input_per_graduate == pytest.approx(expected, rel=rel)
        efficiency = len(grades) * sim["graduates"] / sim["pupil_years"]
        assert result.coefficient_of_efficiency == pytest.approx(efficiency, rel=rel)


@settings(max_examples=200, deadline=None)
@given(school_data(positive=True))
def test_survival_falls_and_efficiency_lies_in_0_1(data: tuple) -> None:
    result = reconstructed_cohort(*data)
    assert result.survival[0] == 1.0
    assert all(b <= a for a, b in zip(result.survival, result.survival[1:], strict=False))
    assert 0 < result.coefficient_of_efficiency <= 1
    assert result.years_input_per_graduate >= len(data[0]) - 1e-9
    assert 0 <= result.cumulative_dropout < 1


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(1, 5000), min_size=1, max_size=8), st.integers(0, 5000))
def test_no_repetition_no_dropout_is_perfect_efficiency(sizes: list[int], entrants: int) -> None:
    # Everyone moves on every year: E_{i+1}(t+1) = E_i(t), graduates = E_n(t), no repeaters.
    n = len(sizes)
    result = reconstructed_cohort(
        [f"G{i}" for i in range(n)], sizes, [entrants, *sizes[:-1]], [0] * n, sizes[-1]
    )
    assert result.survival == pytest.approx([1.0] * n)
    assert result.survival_to_last_grade == pytest.approx(1.0)
    assert result.cumulative_dropout == pytest.approx(0.0)
    assert result.coefficient_of_efficiency == pytest.approx(1.0)
    assert result.years_input_per_graduate == pytest.approx(n)
