"""The causal model of the demo: what makes a child miss school, fall behind, and leave.

Every child has four observable risk factors and three hidden traits:

- poverty: household income per member (members plus the child, EEF form นร.01), as
  ``pov = ln 5000 − ln income_per_member`` (about one child in six falls under 3,000 baht);
- distance: km from home to school, ``dist = (ln km − ln 2) / 0.75``;
- family situation: both parents (0), one parent (+0.45), relatives only (+0.8) on the logit;
- poor health (about 7%, all children with a physical or multiple special need): more sick leave;
- hidden: ability (reading and learning, N(0, 1) lowered by poverty and by a learning-related
  special need), absence propensity (N(0, 0.45)), and years over age.

Daily attendance: each school day the child is absent without leave (A), on personal leave (E), on
sick leave (S, in spells: a sick day is followed by another with probability 0.45), late (L) or
away on a school activity (T) with probabilities from logistic models of these factors (see
``daily_probabilities``), times a factor of the day (rainy season, Monday/Friday, next to a break).
A dropout's A and E probabilities rise over the 45–90 school days before the exit date, up to
nine times their usual level on the last day: their absence visibly climbs before they leave.

Grades: a course score is 70 + 8·ability − 2·pov − 55·(term absence rate − 0.04) − 2·health +
school effect + N(0, 7), minus 8 in terms that overlap a dropout's decline; graded by the bands of
DOMAIN.md §4. Attendance under 80% of the term gives มส (activities: มผ); 0.4% of results are ร.

Leaving: each year a child drops out with probability base(level) × relative risk / mean relative
risk, base 0.2% (อ.), 0.4% (ป.), 1.5% (ม.1–3), 2.5% (ม.4–6); the relative risk is
exp(0.7·pov + 0.5·family + 0.5·health + 0.5·max(0, −ability) + 1.2·propensity + 0.6·over-age +
0.3·dist), so the children who are absent and failing are the ones who leave. The reason is drawn
from the OBEC list weighted by the child's own factors. Transfers out (3% a year) do not depend on
risk (moved house, another affiliation, abroad, or another school of the network). At year end a
child whose grade-point average (graded courses) is under 1.0 repeats the grade with
probability 0.35.
"""

from __future__ import annotations

import math
import random

from qinfo.demo.records import Household, Kid

DROPOUT_BASE = {"K": 0.002, "P": 0.004, "LS": 0.015, "US": 0.025}
TRANSFER_RATE = 0.03
DEATH_RATE = 0.0001
FAMILY_TERM = {"both": 0.0, "one": 0.45, "relatives": 0.8}
SICK_SPELL = 0.45
ACTIVITY = 0.006
PASS_ATTENDANCE = 0.8
INCOMPLETE_RATE = 0.004
REPEAT_BELOW_GPA = 1.0
REPEAT_CHANCE = 0.35


def band(grade: int) -> str:
    if grade <= 3:
        return "K"
    if grade <= 9:
        return "P"
    return "LS" if grade <= 12 else "US"


def poverty_z(household: Household) -> float:
    # Capped: beyond these, more (or less) money changes little about school.
    return min(2.5, max(-2.0, math.log(5000) - math.log(max(household.income_per_member, 1.0))))


def distance_z(household: Household) -> float:
    return (math.log(max(household.distance_km, 0.2)) - math.log(2.0)) / 0.75


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


_ABILITY_SHIFT = {"learning": -1.0, "intellectual": -1.8, "autism": -0.8, "multiple": -1.2}


def assign_latent(kid: Kid, rng: random.Random) -> None:
    pov = poverty_z(kid.household)
    kid.ability = rng.gauss(0, 1) - 0.3 * pov + _ABILITY_SHIFT.get(kid.special_need, 0.0)
    kid.poor_health = rng.random() < 0.07 or kid.special_need in ("physical", "multiple")
    kid.propensity = rng.gauss(0, 0.45)


def daily_probabilities(kid: Kid, grade: int) -> tuple[float, float, float, float, float]:
    """(absent, personal leave, sick, late, activity) on an ordinary day."""
    hh = kid.household
    pov, dist, fam = poverty_z(hh), distance_z(hh), FAMILY_TERM[hh.family]
    health = 1.0 if kid.poor_health else 0.0
    level = {"K": 0.1, "P": 0.0, "LS": 0.3, "US": 0.5}[band(grade)]
    absent = _sigmoid(
        -4.8 + 0.45 * pov + 0.3 * dist + 0.8 * fam + 0.35 * health
        + 0.25 * max(0.0, -kid.ability) + kid.propensity + 0.3 * kid.over_age + level
    )  # fmt: skip
    leave = _sigmoid(-4.9 + 0.3 * pov + 0.4 * fam + 0.5 * kid.propensity + 0.2 * dist)
    sick = _sigmoid(
        -4.8 + 1.3 * health + 0.15 * pov + 0.3 * kid.propensity + (0.4 if grade <= 3 else 0)
    )
    late = _sigmoid(-3.7 + 0.6 * dist + 0.4 * kid.propensity + (0.2 if grade >= 10 else 0.0))
    return absent, leave, sick, late, ACTIVITY


def marks(
    probabilities: tuple[float, float, float, float, float],
    factors: list[float],
    first: int,
    last: int,
    ramp: tuple[int, int] | None,
    rng: random.Random,
) -> str:
    """One status letter per school day from day index first to last."""
    pa, pe, ps, pl, pt = probabilities
    ramp_start, ramp_len = ramp if ramp else (last + 1, 1)
    uniform = rng.random
    out: list[str] = []
    append = out.append
    sick = False
    for day in range(first, last + 1):
        f = factors[day]
        if day >= ramp_start:
            g = 1.0 + 8.0 * ((day - ramp_start) / ramp_len) ** 1.5
            c1 = min(0.7, pa * f * g)
            c2 = c1 + min(0.15, pe * f * g)
        else:
            c1 = pa * f
            c2 = c1 + pe * f
        r = uniform()
        if sick and r < SICK_SPELL:
            append("S")
            continue
        sick = False
        if r < c1:
            append("A")
        elif r < c2:
            append("E")
        elif r < c2 + ps * f:
            append("S")
            sick = True
        elif r < c2 + ps * f + pl:
            append("L")
        elif r < c2 + ps * f + pl + pt:
            append("T")
        else:
            append("P")
    return "".join(out)


def away_rate(letters: str) -> float:
    """Share of days missed (absent, personal or sick leave): late and activity days count as
    attended."""
    if not letters:
        return 0.0
    return (letters.count("A") + letters.count("E") + letters.count("S")) / len(letters)


def dropout_risk(kid: Kid) -> float:
    hh = kid.household
    return math.exp(
        0.7 * poverty_z(hh) + 0.5 * FAMILY_TERM[hh.family] + 0.5 * (1.0 if kid.poor_health else 0.0)
        + 0.5 * max(0.0, -kid.ability) + 1.2 * kid.propensity + 0.6 * kid.over_age
        + 0.3 * distance_z(hh)
    )  # fmt: skip


def dropout_reason(kid: Kid, grade: int, rng: random.Random) -> str:
    hh = kid.household
    poor = 1.0 if hh.income_per_member < 3000 else 0.0
    secondary = 1.0 if grade >= 10 else 0.0
    weights = {
        "low_income": 1 + 3 * poor,
        "family_necessity": 1 + 1.5 * poor + secondary,
        "family_situation": 0.5 + 2 * (hh.family != "both"),
        "travel": 0.3 + 2 * (hh.distance_km > 8),
        "health": 0.2 + 3 * kid.poor_health,
        "social_adjustment": 0.6,
        "over_age": 0.1 + 2 * (kid.over_age >= 2),
        "at_risk_group": 0.3 * secondary,
        "unspecified": 0.3,
    }
    return rng.choices(list(weights), list(weights.values()))[0]


def score(kid: Kid, away: float, school_effect: float, declining: bool, rng: random.Random) -> int:
    value = (
        70 + 8 * kid.ability - 2 * poverty_z(kid.household) - 55 * (away - 0.04)
        - (2 if kid.poor_health else 0) + school_effect + rng.gauss(0, 7) - (8 if declining else 0)
    )  # fmt: skip
    return int(min(100, max(0, round(value))))


_BANDS = ((80, "4.0"), (75, "3.5"), (70, "3.0"), (65, "2.5"), (60, "2.0"), (55, "1.5"), (50, "1.0"))


def grade_for(value: int) -> str:
    """DOMAIN.md §4: 80–100 → 4, 75–79 → 3.5, … 50–54 → 1, under 50 → 0."""
    for floor, grade in _BANDS:
        if value >= floor:
            return grade
    return "0.0"
