"""Demo records of the grade book (docs/definitions.md §8), written after attendance and results.

- Items for every course: pre-primary and primary coursework 70 / final 30; secondary coursework
  50 / midterm 20 / final 30 (each item's maximum equals its weight, so a total is the sum of its
  scores); learner-development activities one participation item out of 10 (weight 100).
- Item scores for every result of a completed term, consistent with the result: a graded result's
  whole-number score s is split as round(s × weight / 100) on every item but the first, which
  gets the rest; ร and มส have the final missing (ร: work missing; มส: not eligible to sit it)
  and the other items between a third and all of their maximum; ผ gets 5–10 participation
  points, มผ 0–10 (มผ here comes from attendance under 80%). The split is done in the database
  (INSERT … SELECT), so Phuket's half a million results cost no Python per row.
- Make-up, with its history: of the ร and มส results of terms before the current one, ร are made
  up in the next term with probability 0.7, มส with probability 0.4 when the term's attendance was
  60% or more. The missing final is entered, the result gets the new total and its grade (มส at
  most 1), and revisions record the mark and the make-up. A มส not made up stays a decided มส.
- Ratings per student per completed term for the 9 traits, from the causal model (qinfo.demo.
  causal): reading-thinking-writing from ability and the term's absence; the 8 characteristics
  from absence propensity, the term's absence and family situation; plus a fixed noise of
  student, term and trait, levels cut at z > 0.6 (3), > −0.4 (2), > −1.6 (1), else 0.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from qinfo.assessment.grading import grade_for_score
from qinfo.assessment.models import (
    AssessmentItem,
    CourseResult,
    ItemScore,
    Rating,
    ResultRevision,
    Trait,
)
from qinfo.demo import causal
from qinfo.demo.calendar import TermPlan
from qinfo.demo.loader import Loader
from qinfo.demo.records import CourseRec, Enrol
from qinfo.demo.simulate import World

PRIMARY = (("งานระหว่างภาค", "coursework", 70), ("สอบปลายภาค", "final", 30))
SECONDARY = (
    ("งานระหว่างภาค", "coursework", 50),
    ("สอบกลางภาค", "midterm", 20),
    ("สอบปลายภาค", "final", 30),
)
ACTIVITY = (("การเข้าร่วมกิจกรรม", "practical", 100),)
#: The maximum of the activity item (graded items have their weight as maximum).
ACTIVITY_MAX = 10
MAKE_UP_INCOMPLETE = 0.7
MAKE_UP_NOT_ELIGIBLE = 0.4
#: (trait, uses the reading score rather than the character score)
TRAITS = [(t.value, t == Trait.RTW) for t in Trait]


def _items_of(course: CourseRec, grade: int) -> tuple[tuple[str, str, int], ...]:
    if course.area == "activity":
        return ACTIVITY
    return SECONDARY if grade >= 10 else PRIMARY


def _away(enrol: Enrol, term: TermPlan) -> float:
    first = max(term.first_day, enrol.first_day) - enrol.first_day
    return causal.away_rate(enrol.marks[first : term.last_day - enrol.first_day + 1])


def write_gradebook(load: Loader, world: World) -> dict[str, int]:
    rng = random.Random(world.rng.random())
    courses: dict[int, CourseRec] = {}
    rows = []
    next_item = load.max_id(AssessmentItem) + 1
    for room in world.curriculum.classroom_by_id.values():
        for course in room.courses:
            courses[course.id] = course
            for position, (name, kind, weight) in enumerate(_items_of(course, room.grade), 1):
                top = ACTIVITY_MAX if course.area == "activity" else weight
                rows.append((next_item, course.id, position, name, kind, weight, top))
                next_item += 1
    load.insert(
        AssessmentItem, ("id", "course", "position", "name", "kind", "weight", "max_score"), rows
    )
    with load.bulk(ItemScore):
        scores = _item_scores(load)
        revisions, made_up = _make_up(load, world, courses, rng)
    ratings = _ratings(load, world)
    load.reset_sequences([AssessmentItem, ItemScore, Rating, ResultRevision])
    return {
        "assessment_items": len(rows),
        "item_scores": scores + made_up,
        "result_revisions": revisions,
        "ratings": ratings,
    }


def _item_scores(load: Loader) -> int:
    q = load.q
    result, item = q(CourseResult._meta.db_table), q(AssessmentItem._meta.db_table)
    s = "CAST(r.score AS INTEGER)"
    w, top = "CAST(i.weight AS INTEGER)", "CAST(i.max_score AS INTEGER)"
    # The first item gets what the others leave; which others, its weight tells (templates above).
    rest = " ".join(
        f"WHEN {template[0][2]} THEN "
        + " + ".join(f"({s} * {weight} + 50) / 100" for _, _, weight in template[1:])
        for template in (PRIMARY, SECONDARY)
    )
    value = (
        "CASE WHEN r.special_mark = 'ผ' THEN 5 + r.id %% 6 "
        "WHEN r.special_mark = 'มผ' THEN r.id %% 11 "
        f"WHEN r.score IS NULL THEN {top} / 3 + (r.id * 7 + i.position) %% ({top} - {top} / 3 + 1) "
        f"WHEN i.position = 1 THEN {s} - CASE {w} {rest} ELSE 0 END "
        f"ELSE ({s} * {w} + 50) / 100 END"
    )
    columns = load.columns(ItemScore, ("item", "student", "school", "score", "updated_at"))
    load.execute(
        f"INSERT INTO {q(ItemScore._meta.db_table)} ({columns}) "
        f"SELECT i.id, r.student_id, r.school_id, {value}, r.updated_at "
        f"FROM {item} i JOIN {result} r ON r.course_id = i.course_id "
        "WHERE r.score IS NOT NULL OR r.special_mark IN ('ผ', 'มผ') OR i.kind <> 'final' "
        # Item by item (the leading column of the unique (item, student) index), so the index
        # grows near its end; SQLite reads the items in key order and needs no sort.
        "ORDER BY i.id"
    )
    return int(load.execute(f"SELECT COUNT(*) FROM {q(ItemScore._meta.db_table)}")[0][0])


def _make_up(
    load: Loader, world: World, courses: dict[int, CourseRec], rng: random.Random
) -> tuple[int, int]:
    """Makes up some ร and มส (see the module's note) and writes each one's history; answers
    the revisions and the final scores written."""
    q = load.q
    table = q(CourseResult._meta.db_table)
    entered = load.execute(
        f"SELECT r.id, r.student_id, r.course_id, r.school_id, r.special_mark, SUM(s.score), "
        f"MAX(f.id), MAX(f.max_score) FROM {table} r "
        f"JOIN {q(AssessmentItem._meta.db_table)} i ON i.course_id = r.course_id "
        f"JOIN {q(AssessmentItem._meta.db_table)} f "
        "ON f.course_id = r.course_id AND f.kind = 'final' "
        f"LEFT JOIN {q(ItemScore._meta.db_table)} s "
        "ON s.item_id = i.id AND s.student_id = r.student_id "
        "WHERE r.special_mark IN ('ร', 'มส') "
        "GROUP BY r.id, r.student_id, r.course_id, r.school_id, r.special_mark ORDER BY r.id"
    )
    terms = {t.id: t for y in world.calendar.years for t in y.terms}
    current = {t.id for t in world.calendar.current.terms}
    enrol_of = {(e.kid.id, e.classroom): e for e in world.enrols}
    history: list[tuple[Any, ...]] = []
    updates, finals = [], []
    for pk, student, course_id, school, mark, partial, final_id, final_max in entered:
        course = courses[course_id]
        term = terms[course.term]
        kind = "computed" if mark == "ร" else "confirmed"  # มส: proposed, then confirmed
        stamp = load.stamp(term.end, 16)
        history.append((pk, student, school, kind, "", None, None, "", None, None, mark, stamp))
        enrol = enrol_of.get((student, course.classroom))
        eligible = mark == "ร" or (enrol is not None and _away(enrol, term) <= 0.4)
        chance = MAKE_UP_INCOMPLETE if mark == "ร" else MAKE_UP_NOT_ELIGIBLE
        if course.term in current or not eligible or rng.random() >= chance:
            continue
        top = int(final_max)
        final = rng.randint(top // 3, top)
        total = int(partial or 0) + final
        grade = grade_for_score(total)
        grade = grade if mark == "ร" else min(grade, Decimal(1))
        when = load.stamp(term.end + dt.timedelta(days=30 + pk % 60), 14)
        reason = "ส่งงานที่ค้าง" if mark == "ร" else "เรียนซ่อมเสริมและสอบแก้ตัว"
        history.append(
            (pk, student, school, "make_up", reason, None, None, mark, total, grade, "", when)
        )
        updates.append((total, grade, True, pk))
        finals.append((final_id, student, school, final, when))
    with load.connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET score = %s, grade = %s, special_mark = '', decided = %s "
            "WHERE id = %s",
            updates,
        )
    load.execute(f"UPDATE {table} SET decided = %s WHERE special_mark = %s", [True, "มส"])
    load.insert(ItemScore, ("item", "student", "school", "score", "updated_at"), finals)
    written = load.insert(
        ResultRevision,
        (
            "result", "student", "school", "kind", "reason", "before_score", "before_grade",
            "before_mark", "after_score", "after_grade", "after_mark", "changed_at",
        ),
        history,
    )  # fmt: skip
    return written, len(finals)


def _ratings(load: Loader, world: World) -> int:
    """One row per enrolment and completed term in a scratch table, then 9 rows each in SQL."""
    stamp_type = Rating._meta.get_field("updated_at").db_type(load.connection)
    load.execute(
        "CREATE TEMPORARY TABLE demo_rating (student_id bigint NOT NULL, term_id bigint NOT NULL, "
        "classroom_id bigint NOT NULL, school_id bigint NOT NULL, reading_z double precision "
        f"NOT NULL, character_z double precision NOT NULL, stamp {stamp_type} NOT NULL)"
    )
    load.execute("CREATE TEMPORARY TABLE demo_trait (idx integer, code varchar(16), reads integer)")
    traits: list[tuple[int, str, int]] = sorted(
        ((n, code, int(reads)) for n, (code, reads) in enumerate(TRAITS)), key=lambda row: row[1]
    )
    with load.connection.cursor() as cursor:
        cursor.executemany("INSERT INTO demo_trait (idx, code, reads) VALUES (%s, %s, %s)", traits)
    base = []
    for enrol in world.enrols:
        kid = enrol.kid
        family = causal.FAMILY_TERM[kid.household.family]
        for term in world.calendar.years[enrol.year].terms:
            if not world.calendar.term_completed(term):
                continue
            if not enrol.first_day <= term.last_day <= enrol.last_day:
                continue
            missed = _away(enrol, term)
            base.append(
                (
                    kid.id, term.id, enrol.classroom, world.school_ids[enrol.school],
                    round(0.9 * kid.ability - 6 * missed, 4),
                    round(0.3 - 1.5 * kid.propensity - 5 * missed - 0.4 * family, 4),
                    load.stamp(term.end, 15),
                )
            )  # fmt: skip
    # Sorted by student and term (and the traits by code): the cross join then comes out in the
    # order of the unique (student, term, trait) index, which only grows at its end.
    base.sort()
    with load.connection.cursor() as cursor:
        for start in range(0, len(base), 5000):
            cursor.executemany(
                "INSERT INTO demo_rating VALUES (%s, %s, %s, %s, %s, %s, %s)",
                base[start : start + 5000],
            )
    z = (
        "CASE WHEN t.reads = 1 THEN b.reading_z ELSE b.character_z END + "
        "((b.student_id * 37 + b.term_id * 11 + t.idx * 101) %% 201 - 100) / 80.0"
    )
    level = "CASE WHEN z > 0.6 THEN 3 WHEN z > -0.4 THEN 2 WHEN z > -1.6 THEN 1 ELSE 0 END"
    columns = load.columns(
        Rating, ("student", "term", "classroom", "school", "trait", "level", "updated_at")
    )
    with load.bulk(Rating):
        load.execute(
            f"INSERT INTO {load.q(Rating._meta.db_table)} ({columns}) "
            f"SELECT student_id, term_id, classroom_id, school_id, code, {level}, stamp FROM "
            "(SELECT b.student_id, b.term_id, b.classroom_id, b.school_id, t.code, b.stamp, "
            f"{z} AS z FROM demo_rating b CROSS JOIN demo_trait t) rated"
        )
    load.execute("DROP TABLE demo_rating")
    load.execute("DROP TABLE demo_trait")
    return len(base) * len(TRAITS)
