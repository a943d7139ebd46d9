"""Demo health measurements (every child, every term) and SDQ screenings (yearly).

Growth follows the causal model (qinfo.demo.causal): each child carries a height z-score and a
BMI z-score for life, with a little noise at each measurement. Poverty lowers both (more stunting
and wasting, ``h = N(0, 0.85) − 0.35·pov − 0.25·health``, ``b = N(0.1, 0.9) − 0.3·pov −
0.3·health``), and one child in eight of the better-off is overweight (+1 to +2.5 on b). The
measures are read off the WHO references of the library at the child's age (the LMS method),
rounded to 0.1 kg and 0.1 cm, and then assessed exactly as the service assesses a typed entry.

SDQ: a child's difficulties rise with poverty, the family situation, poor health, low ability and
the absence of that year (``d = N(0, 1) + 0.3·pov + 0.6·family + 0.3·health + 0.25·max(0,
−ability) + 5·away``); each item is answered on an ordinal scale from it. Every child of four or
more gets a teacher form each year (in term 1, or on arrival), a third a parent form, and half
of those of eleven or more a self-report.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from qinfo.demo import causal
from qinfo.demo.loader import Loader
from qinfo.demo.records import Enrol, Kid
from qinfo.demo.simulate import World
from qinfo.wellbeing import growth, sdq
from qinfo.wellbeing.models import (
    BMI_MAX,
    BMI_MIN,
    HEIGHT_MAX_CM,
    HEIGHT_MIN_CM,
    WEIGHT_MAX_KG,
    WEIGHT_MIN_KG,
    HealthMeasurement,
    NutritionBand,
    SdqBand,
    SdqScreening,
)

#: School days after the start of a term on which a school measures (school index added).
MEASURE_AFTER = 15
SCREEN_AFTER = 40
HEALTH_FIELDS = (
    "student", "term", "school", "classroom", "date", "weight_kg", "height_cm", "age_days",
    "bmi", "bmi_z", "hfa_z", "wfa_z", "wfh_label", "hfa_label", "tall_and_proportionate",
    "recorded_at",
)  # fmt: skip
SDQ_FIELDS = (
    "student", "school", "classroom", "date", "form", "answers", "emotional", "conduct",
    "hyperactivity", "peer", "prosocial", "total", "total_band", "scale_bands", "recorded_at",
)  # fmt: skip


def _clip(value: float, low: Decimal, high: Decimal) -> Decimal:
    return min(high, max(low, growth.to_tenth(round(value, 1))))


class Growth:
    """Each child's lifelong height and BMI z-scores, drawn once from the causal factors."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.latent: dict[int, tuple[float, float]] = {}

    def of(self, kid: Kid) -> tuple[float, float]:
        if kid.id not in self.latent:
            rng, pov = self.rng, causal.poverty_z(kid.household)
            health = 1.0 if kid.poor_health else 0.0
            height = rng.gauss(0, 0.85) - 0.35 * pov - 0.25 * health
            body = rng.gauss(0.1, 0.9) - 0.3 * pov - 0.3 * health
            if pov < 0 and rng.random() < 0.125:
                body += rng.uniform(1.0, 2.5)
            self.latent[kid.id] = (height, body)
        return self.latent[kid.id]

    def measures(self, kid: Kid, day: dt.date) -> tuple[Decimal, Decimal] | None:
        days = growth.age_days(kid.birth, day)
        hfa = growth.reference_lms("lfa", kid.sex, days)
        bmi = growth.reference_lms("bmifa", kid.sex, days)
        if hfa is None or bmi is None:  # over 19: carry on from the last reference month
            hfa = growth.reference_lms("lfa", kid.sex, 19 * 365)
            bmi = growth.reference_lms("bmifa", kid.sex, 19 * 365)
        assert hfa is not None and bmi is not None
        height_z, body_z = self.of(kid)
        height = growth.at_z(hfa, height_z + self.rng.gauss(0, 0.08))
        body = growth.at_z(bmi, max(-4.0, min(4.0, body_z + self.rng.gauss(0, 0.2))))
        height_cm = _clip(height, HEIGHT_MIN_CM, HEIGHT_MAX_CM)
        weight_kg = _clip(body * (float(height_cm) / 100) ** 2, WEIGHT_MIN_KG, WEIGHT_MAX_KG)
        if not BMI_MIN <= growth.bmi(weight_kg, height_cm) <= BMI_MAX:
            return None
        return weight_kg, height_cm


def _day_in(world: World, enrol: Enrol, first: int, last: int, after: int) -> int | None:
    """A school day index inside the term and the enrolment, not after today."""
    index = max(first + after + enrol.school, enrol.first_day + 3)
    if index > min(last, enrol.last_day, world.calendar.today_index):
        return None
    return index


def _health(load: Loader, world: World, rng: random.Random) -> int:
    bands = list(NutritionBand.objects.all())
    model = Growth(rng)
    rows = []
    days = world.calendar.days
    measured: set[tuple[int, int]] = set()  # (student, term): once, in the first class of it
    for enrol in world.enrols:
        year = world.calendar.years[enrol.year]
        for term in year.terms:
            index = _day_in(world, enrol, term.first_day, term.last_day, MEASURE_AFTER)
            if index is None or (enrol.kid.id, term.id) in measured:
                continue
            measured.add((enrol.kid.id, term.id))
            day = days[index]
            values = model.measures(enrol.kid, day)
            if values is None:
                continue
            weight, height = values
            found = growth.assess(
                sex=enrol.kid.sex,
                birth=enrol.kid.birth,
                on=day,
                weight_kg=weight,
                height_cm=height,
                bands=bands,
            )
            rows.append(
                (
                    enrol.kid.id, term.id, world.school_ids[enrol.school], enrol.classroom, day,
                    weight, height, found.age_days, found.bmi, found.z.bmi_z, found.z.hfa_z,
                    found.z.wfa_z, found.wfh_label, found.hfa_label, found.tall_and_proportionate,
                    load.stamp(day, 14),
                )
            )  # fmt: skip
    with load.bulk(HealthMeasurement):
        return load.insert(HealthMeasurement, HEALTH_FIELDS, rows)


#: Item → (its subscale, prosocial?, scored in reverse?), items 1 to 25.
_ITEMS = [
    (scale, scale == "prosocial", item in sdq.REVERSED)
    for item in range(1, sdq.ITEMS + 1)
    for scale, items in sdq.SUBSCALES.items()
    if item in items
]


def _answers(difficulty: float, rng: random.Random) -> list[int]:
    """25 answers as ticked: difficulty items rise with d, prosocial ones fall with it."""
    gauss = rng.gauss
    shift = {name: 0.8 * difficulty + gauss(0, 0.6) for name in sdq.SUBSCALES}
    answers = []
    for scale, prosocial, reverse in _ITEMS:
        x = (1.3 - 0.5 * shift[scale] if prosocial else -0.8 + shift[scale]) + gauss(0, 1)
        scored = 0 if x < 0.4 else (1 if x < 1.6 else 2)
        answers.append(2 - scored if reverse else scored)
    return answers


def _sdq(load: Loader, world: World, rng: random.Random) -> int:
    bands = list(SdqBand.objects.all())
    as_json = SdqScreening._meta.get_field("scale_bands").get_db_prep_value
    stored: dict[str, object] = {}  # the few distinct {scale: band} values, prepared once
    rows = []
    days = world.calendar.days
    screened: set[tuple[int, int]] = set()  # (student, year): once a year
    for enrol in world.enrols:
        kid = enrol.kid
        first_term = world.calendar.years[enrol.year].terms[0]
        last_day = world.calendar.years[enrol.year].last_day
        index = _day_in(world, enrol, first_term.first_day, last_day, SCREEN_AFTER)
        if index is None or (kid.id, enrol.year) in screened:
            continue
        screened.add((kid.id, enrol.year))
        day = days[index]
        age = (day - kid.birth).days // 365
        if age < 4:
            continue
        hh = kid.household
        away = causal.away_rate(enrol.marks[: index - enrol.first_day + 1])
        difficulty = (
            rng.gauss(0, 1) + 0.3 * causal.poverty_z(hh) + 0.6 * causal.FAMILY_TERM[hh.family]
            + (0.3 if kid.poor_health else 0.0) + 0.25 * max(0.0, -kid.ability) + 5 * away
        )  # fmt: skip
        forms = ["teacher"]
        if rng.random() < 1 / 3:
            forms.append("parent")
        if age >= 11 and rng.random() < 0.5:
            forms.append("self")
        for offset, form in enumerate(forms):
            answers = _answers(difficulty, rng)
            scores = sdq.score(answers)
            total_band, scale_bands = sdq.bands_of(scores, form, bands)
            key = repr(scale_bands)
            if key not in stored:
                stored[key] = as_json(scale_bands, load.connection)
            rows.append(
                (
                    kid.id, world.school_ids[enrol.school], enrol.classroom,
                    days[min(index + 3 * offset, enrol.last_day, world.calendar.today_index)], form,
                    sdq.encode(answers), scores.emotional, scores.conduct, scores.hyperactivity,
                    scores.peer, scores.prosocial, scores.total, total_band,
                    stored[key],
                    load.stamp(day, 15),
                )
            )  # fmt: skip
    with load.bulk(SdqScreening):
        return load.insert(SdqScreening, SDQ_FIELDS, rows)


def write_wellbeing(load: Loader, world: World) -> dict[str, int]:
    """Writes this domain's demo rows; answers row counts by name for the build summary."""
    # Its own stream, seeded from the build's seed (through a draw the simulation already made),
    # so that the other writers' draws are not moved by this one's.
    rng = random.Random(f"wellbeing-{world.school_effect!r}")
    return {
        "health_measurements": _health(load, world, rng),
        "sdq_screenings": _sdq(load, world, rng),
    }
