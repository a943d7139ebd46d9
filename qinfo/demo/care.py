"""Demo household screenings (form นร.01) and home visits, driven by the causal model.

Screening: every child gets one a year, on a school day about four weeks into term 1 (EEF
collects form นร.01 early in the year), or into the term in which the child arrived. The
household's answers are drawn once per household and year: the total income is the household's
(qinfo.demo.people) times a yearly drift N(1, 0.05); each of the seven coded items is a hardship
answer with probability ``sigmoid(−1.6 + 1.2·pov)`` (pov: qinfo.demo.causal.poverty_z), chosen
among the item's hardship (or ordinary) answers; dependants come from the members: an elderly
member (60 or more), a member without work, and a disabled or chronically ill member (the
child's poor health, or 4%). The flag is then computed by the rule in the database
(qinfo.care.rules), exactly as the service does.

Home visits: in each year a child is visited with probability 0.7, or 0.95 when at risk (pov over
0.5, not living with both parents, poor health, or a home over 8 km away), on a school day in the
first ten weeks of term 1 (home-visit month); a child at risk gets a second visit in term 2 with
probability 0.4. The visitors are the class's homeroom teachers. Findings follow the child's own
factors (see ``_findings``); a serious finding asks for follow-up. The position is the household's,
within about 20 metres. No photos: the demo has no pictures of anybody's home.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from decimal import Decimal
from typing import Any

from qinfo.care import rules
from qinfo.care.models import (
    ITEM_CHOICES,
    HomeVisit,
    HouseholdItem,
    HouseholdItemRule,
    PovertyScreening,
    PovertyThreshold,
    VisitFinding,
)
from qinfo.demo import causal
from qinfo.demo.loader import Loader
from qinfo.demo.records import Enrol, Kid
from qinfo.demo.simulate import World

SCREEN_AFTER = 20  # school days into term 1
VISIT_WINDOW = (10, 50)  # school days into the term
SECOND_VISIT = 0.4
FOLLOW_UP_NOTE = "ส่งต่อทีมดูแลช่วยเหลือนักเรียนของโรงเรียน ติดตามภายในหนึ่งเดือน"
NOTES = (
    "พบผู้ปกครอง พูดคุยเรื่องการเรียนและความเป็นอยู่",
    "นักเรียนอยู่บ้านกับญาติ ผู้ปกครองให้ความร่วมมือดี",
    "บ้านอยู่ในซอย เดินทางมาโรงเรียนด้วยรถจักรยานยนต์",
    "ผู้ปกครองทำงานนอกบ้าน กลับค่ำ",
    "",
)
SCREENING_FIELDS = (
    "id", "student", "household", "academic_year", "date", "members", "monthly_income",
    "income_per_member", "dependant_disabled_or_ill", "dependant_elderly",
    "dependant_jobless_adult", *(str(item) for item in ITEM_CHOICES), "hardship_items",
    "extremely_poor", "notes", "latitude", "longitude", "created_at",
)  # fmt: skip
VISIT_FIELDS = (
    "id", "student", "academic_year", "date", "notes", "follow_up_needed", "follow_up_note",
    "latitude", "longitude", "created_at",
)  # fmt: skip
SERIOUS = {"family_conflict", "child_works", "health", "substances", "sexual", "abuse"}


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


class Care:
    def __init__(self, load: Loader, world: World) -> None:
        self.load, self.world = load, world
        self.rng = random.Random(f"care-{world.school_effect!r}")
        self.days = world.calendar.days
        self.homerooms = {c.id: c.homeroom for c in world.curriculum.classrooms.values()}
        thresholds = list(PovertyThreshold.objects.order_by("valid_from"))
        hardships = frozenset(
            HouseholdItemRule.objects.filter(hardship=True).values_list("item", "code")
        )
        self.rules = [
            (
                t.valid_from,
                rules.PovertyRule(t.max_income_per_member, t.min_hardship_items, hardships),
            )
            for t in thresholds
        ]
        self._poverty: dict[int, float] = {}
        self.codes = {
            item: (
                [c for c in choices.values if (item, c) in hardships],
                [c for c in choices.values if (item, c) not in hardships],
            )
            for item, choices in ITEM_CHOICES.items()
        }

    def pov(self, kid: Kid) -> float:
        """The household's poverty term of the causal model (computed once per household)."""
        hh = kid.household
        if hh.id not in self._poverty:
            self._poverty[hh.id] = causal.poverty_z(hh)
        return self._poverty[hh.id]

    def rule_on(self, day: dt.date) -> rules.PovertyRule | None:
        found = None
        for start, rule in self.rules:
            if start <= day:
                found = rule
        return found

    def day_in(self, enrol: Enrol, first: int, last: int, after: int) -> int | None:
        index = max(first + after + enrol.school, enrol.first_day + 2)
        if index > min(last, enrol.last_day, self.world.calendar.today_index):
            return None
        return index

    def place(self, kid: Kid) -> tuple[Decimal, Decimal]:
        hh, rng = kid.household, self.rng
        return (
            Decimal(f"{hh.lat + rng.gauss(0, 0.0002):.6f}"),
            Decimal(f"{hh.lon + rng.gauss(0, 0.0002):.6f}"),
        )

    # Screenings -------------------------------------------------------------------------

    def household_answers(self, kid: Kid, year_be: int) -> dict[str, Any]:
        hh, rng = kid.household, self.rng
        chance = _sigmoid(-1.6 + 1.2 * self.pov(kid))
        answers: dict[str, Any] = {}
        for item, (hard, ordinary) in self.codes.items():
            answers[item] = rng.choice(hard if hard and rng.random() < chance else ordinary)
        year_ce = year_be - 543
        answers["dependant_elderly"] = any(year_ce - m.birth_year >= 60 for m in hh.members)
        answers["dependant_jobless_adult"] = any(m.occupation == "unemployed" for m in hh.members)
        answers["dependant_disabled_or_ill"] = kid.poor_health or rng.random() < 0.04
        total = sum(m.income or 0 for m in hh.members) * max(0.5, rng.gauss(1, 0.05))
        answers["members"] = len(hh.members) + 1
        answers["monthly_income"] = Decimal(f"{total:.2f}")
        return answers

    def screenings(self) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = []
        done: set[tuple[int, int]] = set()
        by_home: dict[tuple[int, int], dict[str, Any]] = {}
        next_id = self.load.max_id(PovertyScreening) + 1
        for enrol in self.world.enrols:
            year = self.world.calendar.years[enrol.year]
            if (enrol.kid.id, enrol.year) in done:
                continue
            # Early in term 1, or soon after a child arrives later in the year.
            found = (
                self.day_in(enrol, term.first_day, term.last_day, SCREEN_AFTER)
                for term in year.terms
            )
            index = next((i for i in found if i is not None), None)
            if index is None:
                continue
            day = self.days[index]
            rule = self.rule_on(day)
            if rule is None:
                continue
            done.add((enrol.kid.id, enrol.year))
            key = (enrol.kid.household.id, enrol.year)
            if key not in by_home:
                by_home[key] = self.household_answers(enrol.kid, year.year_be)
            a = by_home[key]
            dependants = (
                a["dependant_disabled_or_ill"]
                or a["dependant_elderly"]
                or a["dependant_jobless_adult"]
            )
            coded = {item: a[item] for item in ITEM_CHOICES}
            outcome = rules.assess(
                rule,
                a["monthly_income"],
                a["members"],
                {**coded, HouseholdItem.DEPENDANTS: "yes" if dependants else "no"},
            )
            lat, lon = self.place(enrol.kid)
            rows.append(
                (
                    next_id, enrol.kid.id, enrol.kid.household.id, year.id, day, a["members"],
                    a["monthly_income"], outcome.income_per_member, a["dependant_disabled_or_ill"],
                    a["dependant_elderly"], a["dependant_jobless_adult"], *coded.values(),
                    outcome.hardship_items, outcome.extremely_poor, "", lat, lon,
                    self.load.stamp(day, 15),
                )
            )  # fmt: skip
            next_id += 1
        return rows

    # Home visits ------------------------------------------------------------------------

    def at_risk(self, kid: Kid) -> bool:
        hh = kid.household
        return self.pov(kid) > 0.5 or hh.family != "both" or kid.poor_health or hh.distance_km > 8

    def _findings(self, enrol: Enrol) -> list[str]:
        kid, rng = enrol.kid, self.rng
        hh, pov = kid.household, self.pov(kid)
        teen = enrol.grade >= 10
        chances = {
            "not_with_parents": 0.9 if hh.family == "relatives" else 0.0,
            "family_conflict": 0.03 + 0.08 * (hh.family != "both"),
            "little_care": 0.05 + 0.15 * (hh.family != "both"),
            "low_income": _sigmoid(-2 + 2 * pov),
            "poor_housing": _sigmoid(-3 + 1.5 * pov),
            "child_works": 0.25 * (teen and pov > 1),
            "no_study_place": _sigmoid(-2.5 + pov),
            "screen_time": 0.2 if teen else 0.08,
            "conduct": 0.04 + 0.1 * max(0.0, kid.propensity),
            "health": 0.6 if kid.poor_health else 0.01,
            "substances": 0.04 * teen,
            "sexual": 0.01 * teen,
            "abuse": 0.005 + 0.01 * (hh.family != "both"),
            "journey": 0.7 if hh.distance_km > 8 else 0.02,
        }
        return [code for code, p in chances.items() if rng.random() < p]

    def visits(self) -> tuple[list[tuple[Any, ...]], list[tuple[int, str]], list[tuple[int, int]]]:
        visits: list[tuple[Any, ...]] = []
        findings: list[tuple[int, str]] = []
        visitors: list[tuple[int, int]] = []
        next_id = self.load.max_id(HomeVisit) + 1
        rng = self.rng
        for enrol in self.world.enrols:
            year = self.world.calendar.years[enrol.year]
            risky = self.at_risk(enrol.kid)
            chances = [(0, 0.95 if risky else 0.7), (1, SECOND_VISIT if risky else 0.0)]
            for term_index, chance in chances:
                if term_index >= len(year.terms) or rng.random() >= chance:
                    continue
                term = year.terms[term_index]
                index = self.day_in(
                    enrol, term.first_day, term.last_day, rng.randint(*VISIT_WINDOW)
                )
                if index is None:
                    continue
                day = self.days[index]
                found = self._findings(enrol)
                follow = bool(SERIOUS & set(found))
                lat, lon = self.place(enrol.kid)
                visits.append(
                    (
                        next_id, enrol.kid.id, year.id, day, rng.choice(NOTES), follow,
                        FOLLOW_UP_NOTE if follow else "", lat, lon, self.load.stamp(day, 16),
                    )
                )  # fmt: skip
                findings.extend((next_id, code) for code in found)
                visitors.extend(
                    (next_id, staff) for staff in self.homerooms.get(enrol.classroom, [])
                )
                next_id += 1
        return visits, findings, visitors


def write_care(load: Loader, world: World) -> dict[str, int]:
    """Writes this domain's demo rows; answers row counts by name for the build summary."""
    care = Care(load, world)
    through = HomeVisit.visitors.through
    screenings = care.screenings()
    visits, findings, visitors = care.visits()
    with load.bulk(PovertyScreening):
        load.insert(PovertyScreening, SCREENING_FIELDS, screenings)
    with load.bulk(HomeVisit):
        load.insert(HomeVisit, VISIT_FIELDS, visits)
    with load.bulk(VisitFinding):
        load.insert(VisitFinding, ("visit", "code"), findings)
    with load.bulk(through):
        load.insert(through, ("homevisit", "staff"), visitors)
    load.reset_sequences([PovertyScreening, HomeVisit, VisitFinding, through])
    return {
        "poverty_screenings": len(screenings),
        "extremely_poor_screenings": sum(1 for row in screenings if row[-5]),
        "home_visits": len(visits),
        "visit_findings": len(findings),
    }
