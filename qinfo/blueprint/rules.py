"""The Blueprint's rules, pure (no database): a KPI's status for a year, and a school's share of
the city's target (docs/definitions.md §24)."""

from __future__ import annotations

import math
from fractions import Fraction

ON_TRACK = "on_track"
AT_RISK = "at_risk"
OFF_TRACK = "off_track"
NO_DATA = "no_data"
STATUSES = (ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA)


def known(value: float | None) -> bool:
    return value is not None and not math.isnan(value)


def kpi_status(
    *,
    actual: float | None,
    target: float | None,
    baseline: float | None,
    higher_is_better: bool,
    tolerance: float = 0.0,
    at_risk_share: float = 0.5,
) -> str:
    """The status of a KPI for one year (docs/definitions.md §24):

    - no data: the actual value (or the target) is unknown;
    - on track: the actual reaches the target in the good direction (equal counts);
    - at risk: short of the target by at most ``tolerance``, or, when the target is an
      improvement on the baseline, the actual has covered at least ``at_risk_share`` of the
      way from the baseline to the target;
    - off track: otherwise.
    """
    if not known(actual) or not known(target):
        return NO_DATA
    assert actual is not None and target is not None
    # Exact arithmetic on the values as given: a value exactly on a boundary is never pushed
    # to the other side by rounding.
    a, t = Fraction(actual), Fraction(target)
    sign = 1 if higher_is_better else -1
    short = sign * (t - a)
    if short <= 0:
        return ON_TRACK
    if short <= Fraction(tolerance):
        return AT_RISK
    if known(baseline):
        assert baseline is not None
        b = Fraction(baseline)
        way = sign * (t - b)
        if way > 0 and sign * (a - b) >= Fraction(at_risk_share) * way:
            return AT_RISK
    return OFF_TRACK


def school_target(
    *,
    city_target: float,
    city_baseline: float | None,
    school_baseline: float | None,
    unit: str,
) -> float:
    """A school's share of the city's target when no officer set it (docs/definitions.md §24):
    the same change as the city's, from the school's own baseline, kept inside the unit's range
    (0..1 for a rate, never below 0); the city's target when either baseline is unknown."""
    if not known(city_baseline) or not known(school_baseline):
        return city_target
    assert city_baseline is not None and school_baseline is not None
    value = max(0.0, school_baseline + (city_target - city_baseline))
    return min(1.0, value) if unit == "rate" else value
