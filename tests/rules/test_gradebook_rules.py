"""The grade book's rules (docs/definitions.md §8) against independent oracles: the weighted
total, its grade (the band oracle of test_grading), the มส rule with its make-up band, ร, ผ/มผ,
and the class summary's shares."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from qinfo.assessment.rules import (
    Part,
    Thresholds,
    make_up_outcome,
    outcome,
    summarise,
    weighted_total,
)
from tests.rules.test_grading import oracle as band_oracle

LIMITS = Thresholds()
cents = st.integers(min_value=0, max_value=10_000)  # hundredths


@st.composite
def items(draw: st.DrawFn, *, missing: bool = False) -> list[Part]:
    """Items whose weights (whole numbers) total 100, with scores up to each maximum."""
    count = draw(st.integers(min_value=1, max_value=5))
    cuts = sorted(
        draw(st.lists(st.integers(1, 99), min_size=count - 1, max_size=count - 1, unique=True))
    )
    weights = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    parts = []
    for weight in weights:
        top = draw(st.integers(min_value=1, max_value=200))
        score = Decimal(draw(st.integers(0, top * 100))) / 100
        gone = missing and draw(st.booleans())
        parts.append(Part(Decimal(weight), Decimal(top), None if gone else score))
    return parts


def total_oracle(parts: list[Part]) -> Decimal:
    exact = sum(Fraction(p.score) / Fraction(p.max_score) * Fraction(p.weight) for p in parts)  # type: ignore[arg-type]
    # Half up to two decimals, by integer arithmetic on hundredths.
    hundredths = exact * 100
    whole = int(hundredths)
    if hundredths - whole >= Fraction(1, 2):
        whole += 1
    return Decimal(whole) / 100


@given(items())
def test_weighted_total_is_the_sum_of_score_over_max_times_weight(parts: list[Part]) -> None:
    total = weighted_total(parts)
    assert total == total_oracle(parts)
    assert total is not None and Decimal(0) <= total <= Decimal(100)


@given(items(missing=True))
def test_a_missing_score_leaves_no_total_and_gives_incomplete(parts: list[Part]) -> None:
    got = outcome(activity=False, parts=parts, attendance=100.0, limits=LIMITS)
    if any(p.score is None for p in parts):
        assert weighted_total(parts) is None
        assert (got.grade, got.mark) == (None, "ร")
    else:
        assert got.grade == band_oracle(total_oracle(parts))
        assert got.mark == ""


attendance = st.one_of(st.none(), st.floats(min_value=0, max_value=100, allow_nan=False))


@given(items(), attendance)
def test_not_eligible_is_proposed_exactly_below_80_percent(
    parts: list[Part], rate: float | None
) -> None:
    got = outcome(activity=False, parts=parts, attendance=rate, limits=LIMITS)
    expected = rate is not None and Fraction(rate) < 80
    assert got.proposed == ("มส" if expected else "")
    # A proposal never replaces the grade: a person confirms it.
    assert got.grade == band_oracle(total_oracle(parts))


@given(st.decimals(min_value=0, max_value=100, places=2), attendance)
def test_make_up_of_not_eligible_needs_60_percent_and_gives_at_most_1(
    score: Decimal, rate: float | None
) -> None:
    got = make_up_outcome(mark="มส", score=score, attendance=rate, limits=LIMITS)
    if rate is not None and Fraction(rate) < 60:
        assert got is None
    else:
        assert got is not None
        assert got.grade == min(band_oracle(score), Decimal(1))
        assert got.mark == ""


@given(st.decimals(min_value=0, max_value=100, places=2))
def test_make_up_of_incomplete_gives_the_band_grade(score: Decimal) -> None:
    got = make_up_outcome(mark="ร", score=score, attendance=10.0, limits=LIMITS)
    assert got is not None and got.grade == band_oracle(score)


@given(items(missing=True), attendance)
def test_activities_pass_with_80_percent_all_work_and_half_the_total(
    parts: list[Part], rate: float | None
) -> None:
    got = outcome(activity=True, parts=parts, attendance=rate, limits=LIMITS)
    complete = all(p.score is not None for p in parts)
    passed = (rate is None or Fraction(rate) >= 80) and complete and total_oracle(parts) >= 50
    assert got.mark == ("ผ" if passed else "มผ")
    assert got.grade is None


def test_edges_of_the_attendance_rule() -> None:
    full = [Part(Decimal(100), Decimal(100), Decimal(80))]
    assert outcome(activity=False, parts=full, attendance=80.0, limits=LIMITS).proposed == ""
    assert outcome(activity=False, parts=full, attendance=79.99, limits=LIMITS).proposed == "มส"
    assert make_up_outcome(mark="มส", score=Decimal(80), attendance=60.0, limits=LIMITS) is not None
    assert make_up_outcome(mark="มส", score=Decimal(80), attendance=59.99, limits=LIMITS) is None
    # 79.995 rounds half up to 80.00: a 4.
    parts = [
        Part(Decimal(50), Decimal(200), Decimal("159.99")),
        Part(Decimal(50), Decimal(1), Decimal(1)),
    ]
    assert weighted_total(parts) == Decimal("90.00")
    edge = [Part(Decimal(100), Decimal(1000), Decimal("799.95"))]
    assert weighted_total(edge) == Decimal("80.00")
    assert outcome(activity=False, parts=edge, attendance=None, limits=LIMITS).grade == 4


grades = st.sampled_from([Decimal(n) / 2 for n in range(9)])
rows = st.lists(
    st.one_of(st.tuples(grades, st.just("")), st.tuples(st.none(), st.sampled_from(["ร", "มส"]))),
    max_size=60,
)


@given(rows)
def test_class_summary_shares_are_of_graded_results(data: list[tuple[Decimal | None, str]]) -> None:
    summary = summarise(data)
    graded = [g for g, _ in data if g is not None]
    assert summary.results == len(data) and summary.graded == len(graded)
    assert sum(summary.by_grade.values()) == len(graded)
    assert sum(summary.by_mark.values()) == len(data) - len(graded)
    if graded:
        assert summary.zero_share == graded.count(Decimal(0)) / len(graded)
        assert summary.three_up_share == sum(1 for g in graded if g >= 3) / len(graded)
    else:
        assert summary.zero_share is None and summary.three_up_share is None


def test_half_up_rounding_is_what_the_oracle_says() -> None:
    assert Decimal("0.125").quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) == Decimal("0.13")
    assert total_oracle([Part(Decimal(100), Decimal(8), Decimal(1))]) == Decimal("12.50")
