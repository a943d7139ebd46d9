"""The small demo's national tests and literacy screenings (qinfo/demo/exams.py)."""

from __future__ import annotations

import statistics

import pytest

from tests.demo_files import DemoFile

pytestmark = pytest.mark.slow

TESTED = (
    "SELECT t.code, c.grade_level, y.year_be, r.score, r.student_id "
    "FROM exams_nationaltestresult r "
    "JOIN exams_nationaltestsubject s ON s.id = r.subject_id "
    "JOIN exams_nationaltest t ON t.id = s.test_id "
    "JOIN organisations_academicyear y ON y.id = r.academic_year_id "
    "JOIN enrolment_enrolment e ON e.student_id = r.student_id "
    "AND e.academic_year_id = r.academic_year_id AND e.school_id = r.school_id "
    "JOIN organisations_classroom c ON c.id = e.classroom_id"
)


def test_each_completed_year_has_each_test_in_its_own_grade(small_demo: DemoFile) -> None:
    rows = small_demo.rows(TESTED)
    grade_of = {"rt-p1": 4, "nt-p3": 6, "onet-p6": 9, "onet-m3": 12, "onet-m6": 15}
    assert {code for code, *_ in rows} == set(grade_of)
    assert all(grade == grade_of[code] for code, grade, *_ in rows)
    assert {year for _, _, year, *_ in rows} == {2566, 2567, 2568}  # not the current year
    assert all(0 <= score <= 100 for *_, score, _ in rows)
    # Everyone in ป.1 at the end of a year sits the RT.
    finished = small_demo.value(
        "SELECT COUNT(*) FROM enrolment_enrolment e JOIN organisations_classroom c "
        "ON c.id = e.classroom_id JOIN organisations_academicyear y ON y.id = e.academic_year_id "
        "WHERE c.grade_level = 4 AND y.year_be = 2568 AND e.status IN "
        "('promoted', 'repeating', 'graduated')"
    )
    rt = {s for code, _, year, _, s in rows if code == "rt-p1" and year == 2568}
    assert len(rt) == finished


def test_scores_follow_the_national_means_and_the_childs_grades(small_demo: DemoFile) -> None:
    means = dict(
        small_demo.rows(
            "SELECT y.year_be, AVG(r.score) FROM exams_nationaltestresult r "
            "JOIN exams_nationaltestsubject s ON s.id = r.subject_id "
            "JOIN organisations_academicyear y ON y.id = r.academic_year_id "
            "WHERE s.code = 'math' AND s.test_id = "
            "(SELECT id FROM exams_nationaltest WHERE code = 'onet-p6') GROUP BY 1"
        )
    )
    # Centred on the latest published national mean (29.99, AY 2563), give or take the schools.
    assert all(20 < mean < 45 for mean in means.values()), means
    gpa = dict(
        small_demo.rows(
            "SELECT student_id, AVG(grade) FROM assessment_courseresult "
            "WHERE grade IS NOT NULL GROUP BY student_id"
        )
    )
    onet = small_demo.rows(
        "SELECT r.student_id, AVG(r.score) FROM exams_nationaltestresult r GROUP BY r.student_id"
    )
    strong = [score for student, score in onet if gpa.get(student, 0) >= 3]
    weak = [score for student, score in onet if student in gpa and gpa[student] < 2]
    assert len(strong) > 20 and len(weak) > 20
    assert statistics.mean(strong) > statistics.mean(weak) + 5


def test_literacy_screenings_cover_p1_to_p3_each_term(small_demo: DemoFile) -> None:
    rows = small_demo.rows(
        "SELECT c.grade_level, l.term_id, l.reading_aloud, l.composition "
        "FROM exams_literacyscreening l JOIN organisations_classroom c ON c.id = l.classroom_id"
    )
    assert {grade for grade, *_ in rows} == {4, 5, 6}
    assert len({term for _, term, *_ in rows}) == 7  # 3 years × 2 terms + the current first term
    assert all(1 <= a <= 4 and 1 <= c <= 4 for *_, a, c in rows)
    # Composition is the hardest skill; older children read better.
    assert statistics.mean(c for *_, c in rows) < statistics.mean(a for _, _, a, _ in rows)
    p1 = [a for grade, _, a, _ in rows if grade == 4]
    p3 = [a for grade, _, a, _ in rows if grade == 6]
    assert statistics.mean(p3) > statistics.mean(p1)
