"""Demo national test results and literacy screenings, driven by the causal model.

National tests are sat near the end of each completed year by the children still enrolled then:
RT in ป.1, NT in ป.3 (everyone), O-NET in ป.6, ม.3 and ม.6 (voluntary since AY 2566: 85% sit it).
A child's score in a subject is

    centre + spread × (0.75·ability − 0.15·pov − 4·(year absence rate − 0.04)
                       + school effect / 8 + N(0, 0.6)),

clipped to 0–100, where the centre is the subject's national mean of that year or, failing that,
the latest earlier one in the NationalMean table (the real published figures). O-NET ม.3 and ม.6
have no published mean in the table, so the demo centres them on stand-ins (``STAND_IN``): these
are made up for the demo and are never written as national means.

Literacy screening: every ป.1–ป.3 child in each term that has run at least four weeks, four skills
from a latent literacy 0.9·ability − 0.2·pov + 0.35·(grade − ป.1) + 0.2·(term − 1) − skill
difficulty + N(0, 0.5), cut at 0.8 / −0.1 / −0.9 into ดีมาก / ดี / พอใช้ / ปรับปรุง.
"""

from __future__ import annotations

import random
from decimal import Decimal

from qinfo.demo import causal
from qinfo.demo.loader import Loader
from qinfo.demo.records import Enrol
from qinfo.demo.simulate import World
from qinfo.exams.models import LiteracyScreening, NationalMean, NationalTestResult
from qinfo.exams.models import NationalTestSubject as Subject

#: The test sat at the end of each grade (organisations.GradeLevel), and its score spread.
TEST_OF_GRADE = {4: ("rt-p1", 16.0), 6: ("nt-p3", 18.0), 9: ("onet-p6", 14.0)}
TEST_OF_GRADE |= {12: ("onet-m3", 14.0), 15: ("onet-m6", 13.0)}
ONET_TAKE_UP = 0.85
#: Demo-only centres for subjects without a published national mean (not national figures).
STAND_IN = {
    "thai": 50.0,
    "math": 26.0,
    "english": 32.0,
    "science": 31.0,
    "social": 36.0,
    "reading_aloud": 69.0,
    "reading_comprehension": 72.0,
}
SKILL_DIFFICULTY = (
    -0.2,
    0.0,
    0.15,
    0.45,
)  # reading aloud, comprehension, word writing, composition
CUTS = ((0.8, 4), (-0.1, 3), (-0.9, 2))
SCREEN_AFTER_DAYS = 20


def _centres() -> tuple[dict[str, list[tuple[int, str]]], dict[int, list[tuple[int, float]]]]:
    subjects: dict[str, list[tuple[int, str]]] = {}
    for pk, test, code in Subject.objects.values_list("pk", "test__code", "code").order_by(
        "test__code", "position"
    ):
        subjects.setdefault(test, []).append((pk, code))
    means: dict[int, list[tuple[int, float]]] = {}
    for subject, year, mean in NationalMean.objects.values_list(
        "subject_id", "year_be", "mean"
    ).order_by("year_be"):
        means.setdefault(subject, []).append((year, float(mean)))
    return subjects, means


def _centre(means: list[tuple[int, float]], year_be: int, code: str) -> float:
    found = [mean for year, mean in means if year <= year_be]
    return found[-1] if found else STAND_IN[code]


def _level(value: float) -> int:
    for cut, level in CUTS:
        if value > cut:
            return level
    return 1


def write_exams(load: Loader, world: World) -> dict[str, int]:
    """Writes this domain's demo rows; answers row counts by name for the build summary."""
    rng = random.Random(f"exams:{len(world.kids)}:{world.kids[0].ability if world.kids else 0}")
    subjects, means = _centres()
    results: list[tuple[object, ...]] = []
    screenings: list[tuple[object, ...]] = []
    by_year: dict[int, list[Enrol]] = {}
    for enrol in world.enrols:
        by_year.setdefault(enrol.year, []).append(enrol)
    today = world.calendar.today_index
    screened: set[tuple[int, int]] = set()  # (student, term): a child moved mid-term once
    for year in world.calendar.years:
        enrols = sorted(by_year.get(year.index, []), key=lambda e: e.id)
        completed = world.calendar.year_completed(year)
        stamp = load.stamp(year.terms[-1].end, 15)
        for e in enrols:
            kid = e.kid
            pov = causal.poverty_z(kid.household)
            school_id = world.school_ids[e.school]
            test = TEST_OF_GRADE.get(e.grade)
            sits = completed and e.last_day == year.last_day and test is not None
            if sits and test is not None:
                code, spread = test
                if code.startswith("onet") and rng.random() > ONET_TAKE_UP:
                    continue
                away = causal.away_rate(e.marks)
                effect = world.school_effect[e.school] / 8
                for subject, subject_code in subjects.get(code, []):
                    z = 0.75 * kid.ability - 0.15 * pov - 4 * (away - 0.04) + effect
                    z += rng.gauss(0, 0.6)
                    centre = _centre(means.get(subject, []), year.year_be, subject_code)
                    score = min(100.0, max(0.0, centre + spread * z))
                    results.append(
                        (kid.id, subject, year.id, school_id, Decimal(f"{score:.2f}"), stamp)
                    )
            if e.grade not in (4, 5, 6):
                continue
            for term in year.terms:
                start, end = max(term.first_day, e.first_day), min(term.last_day, e.last_day)
                if end - start < SCREEN_AFTER_DAYS or term.first_day + SCREEN_AFTER_DAYS > today:
                    continue
                if (kid.id, term.id) in screened:
                    continue
                screened.add((kid.id, term.id))
                base = 0.9 * kid.ability - 0.2 * pov + 0.35 * (e.grade - 4)
                base += 0.2 * (term.number - 1)
                levels = [_level(base - d + rng.gauss(0, 0.5)) for d in SKILL_DIFFICULTY]
                day = world.calendar.days[min(end, today)]
                screenings.append(
                    (kid.id, term.id, e.classroom, school_id, *levels, load.stamp(day, 14))
                )
    with load.bulk(NationalTestResult):
        load.insert(
            NationalTestResult,
            ("student", "subject", "academic_year", "school", "score", "updated_at"),
            results,
        )
    with load.bulk(LiteracyScreening):
        load.insert(
            LiteracyScreening,
            (
                "student",
                "term",
                "classroom",
                "school",
                "reading_aloud",
                "reading_comprehension",
                "word_writing",
                "composition",
                "updated_at",
            ),
            screenings,
        )
    return {"national_test_results": len(results), "literacy_screenings": len(screenings)}
