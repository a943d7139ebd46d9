"""The status rule and the school-share rule (docs/definitions.md §24), by hand and against
independent oracles written with exact fractions and the good direction turned upwards."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qinfo.blueprint.rules import (
    AT_RISK,
    NO_DATA,
    OFF_TRACK,
    ON_TRACK,
    kpi_status,
    school_target,
)

# Values on a grid of 1/1000 so that the float rule and the exact oracle see the same numbers.
values = st.integers(min_value=0, max_value=100_000).map(lambda n: n / 1000)
maybe = st.one_of(st.none(), values)
shares = st.sampled_from([0.25, 0.5, 0.75, 1.0])


def oracle(actual, target, baseline, higher, tolerance, share):  # type: ignore[no-untyped-def]
    """The rule in words, on exact fractions, with a "lower is better" KPI turned into a
    "higher is better" one by negating every value."""
    if actual is None or target is None:
        return NO_DATA
    f = Fraction
    a, t = f(actual), f(target)
    b = None if baseline is None else f(baseline)
    if not higher:
        a, t = -a, -t
        b = None if b is None else -b
    if a >= t:
        return ON_TRACK
    if t - a <= f(tolerance):
        return AT_RISK
    if b is not None and t > b and (a - b) / (t - b) >= f(share):
        return AT_RISK
    return OFF_TRACK


@given(
    actual=maybe,
    target=maybe,
    baseline=maybe,
    higher=st.booleans(),
    tolerance=st.sampled_from([0.0, 0.5, 2.0]),
    share=shares,
)
def test_status_agrees_with_the_oracle(actual, target, baseline, higher, tolerance, share):  # type: ignore[no-untyped-def]
    got = kpi_status(
        actual=actual,
        target=target,
        baseline=baseline,
        higher_is_better=higher,
        tolerance=tolerance,
        at_risk_share=share,
    )
    assert got == oracle(actual, target, baseline, higher, tolerance, share)


@given(actual=values, target=values, baseline=maybe, higher=st.booleans())
def test_reaching_the_target_is_always_on_track(actual, target, baseline, higher):  # type: ignore[no-untyped-def]
    best = max(actual, target) if higher else min(actual, target)
    got = kpi_status(actual=best, target=target, baseline=baseline, higher_is_better=higher)
    assert got == ON_TRACK


@pytest.mark.parametrize(
    ("actual", "target", "baseline", "higher", "expected"),
    [
        (0.95, 0.95, 0.90, True, ON_TRACK),  # reached exactly
        (0.96, 0.95, 0.90, True, ON_TRACK),
        (0.925, 0.95, 0.90, True, AT_RISK),  # half of the way from 90 % to 95 %
        (0.92, 0.95, 0.90, True, OFF_TRACK),  # 40 % of the way
        (0.88, 0.95, 0.90, True, OFF_TRACK),  # went backwards
        (0.04, 0.03, 0.05, False, AT_RISK),  # dropout: half of the way from 5 % to 3 %
        (0.045, 0.03, 0.05, False, OFF_TRACK),
        (0.03, 0.03, 0.05, False, ON_TRACK),
        (0.92, 0.95, None, True, OFF_TRACK),  # no baseline: only the tolerance helps
        (0.92, 0.95, 0.96, True, OFF_TRACK),  # target below the baseline: no way to cover
        (None, 0.95, 0.90, True, NO_DATA),
        (float("nan"), 0.95, 0.90, True, NO_DATA),
    ],
)
def test_status_by_hand(actual, target, baseline, higher, expected):  # type: ignore[no-untyped-def]
    got = kpi_status(actual=actual, target=target, baseline=baseline, higher_is_better=higher)
    assert got == expected


def test_tolerance_makes_a_near_miss_at_risk() -> None:
    common = {"target": 0.95, "baseline": None, "higher_is_better": True}
    assert kpi_status(actual=0.945, tolerance=0.01, **common) == AT_RISK  # type: ignore[arg-type]
    assert kpi_status(actual=0.935, tolerance=0.01, **common) == OFF_TRACK  # type: ignore[arg-type]


def test_school_share_by_hand() -> None:
    # The city goes from 90 % to 95 %: a school at 80 % is asked for 85 %.
    assert school_target(city_target=0.95, city_baseline=0.90, school_baseline=0.80, unit="rate")
    assert school_target(
        city_target=0.95, city_baseline=0.90, school_baseline=0.80, unit="rate"
    ) == pytest.approx(0.85)
    # A rate never goes past 100 %, nothing below 0.
    assert (
        school_target(city_target=0.95, city_baseline=0.90, school_baseline=0.98, unit="rate")
        == 1.0
    )
    assert school_target(city_target=2, city_baseline=5, school_baseline=1, unit="ratio") == 0.0
    # Unknown baselines: the city's target.
    assert (
        school_target(city_target=0.95, city_baseline=None, school_baseline=0.8, unit="rate")
        == 0.95
    )
    assert (
        school_target(city_target=0.95, city_baseline=0.9, school_baseline=None, unit="rate")
        == 0.95
    )


@given(city_target=values, city_baseline=values, school_baseline=values, rate=st.booleans())
def test_school_share_keeps_the_city_change(city_target, city_baseline, school_baseline, rate):  # type: ignore[no-untyped-def]
    unit = "rate" if rate else "score"
    scale = 1000.0 if rate else 1.0  # rates as fractions
    ct, cb, sb = city_target / scale, city_baseline / scale, school_baseline / scale
    got = school_target(city_target=ct, city_baseline=cb, school_baseline=sb, unit=unit)
    wanted = Fraction(sb) + Fraction(ct) - Fraction(cb)
    wanted = max(Fraction(0), wanted)
    if rate:
        wanted = min(Fraction(1), wanted)
    assert got == pytest.approx(float(wanted), abs=1e-9)
