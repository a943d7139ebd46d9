"""The demo's data carry the causal structure early warning needs (qinfo.demo.causal)."""

from __future__ import annotations

import math
import statistics
from collections import defaultdict

import pytest

from tests.demo_files import DemoFile

pytestmark = pytest.mark.slow

AWAY = ("A", "E", "S")


def _marks_by_enrolment(demo: DemoFile) -> dict[int, list[str]]:
    marks: dict[int, list[str]] = defaultdict(list)
    for enrolment, status in demo.rows(
        "SELECT e.id, m.status FROM attendance_attendancemark m JOIN enrolment_enrolment e "
        "ON e.student_id = m.student_id AND e.classroom_id = m.classroom_id "
        "AND m.date >= e.start_date AND (e.end_date IS NULL OR m.date <= e.end_date) "
        "ORDER BY e.id, m.date"
    ):
        marks[enrolment].append(status)
    return marks


def _away(statuses: list[str]) -> float:
    return sum(s in AWAY for s in statuses) / len(statuses)


def test_dropouts_absence_rises_before_they_leave(small_demo: DemoFile) -> None:
    marks = _marks_by_enrolment(small_demo)
    statuses = dict(small_demo.rows("SELECT id, status FROM enrolment_enrolment"))
    dropouts = [m for e, m in marks.items() if statuses[e] == "dropped_out" and len(m) >= 90]
    stayers = [m for e, m in marks.items() if statuses[e] == "promoted"]
    assert len(dropouts) >= 10
    dropouts_last = statistics.mean(_away(m[-60:]) for m in dropouts)
    dropouts_before = statistics.mean(_away(m[:-60]) for m in dropouts)
    stayers_last = statistics.mean(_away(m[-60:]) for m in stayers)
    assert dropouts_last > 3 * stayers_last
    assert dropouts_last > 1.3 * dropouts_before


def test_poorer_children_are_absent_more(small_demo: DemoFile) -> None:
    rows = small_demo.rows(
        "SELECT s.id, (SELECT COALESCE(SUM(monthly_income), 0) FROM people_householdmember h "
        "  WHERE h.household_id = s.household_id) "
        "  / (1.0 + (SELECT COUNT(*) FROM people_householdmember h "
        "  WHERE h.household_id = s.household_id)), "
        " AVG(m.status IN ('A', 'E', 'S')) "
        "FROM people_student s JOIN attendance_attendancemark m ON m.student_id = s.id "
        "GROUP BY s.id"
    )
    rows.sort(key=lambda row: row[1])
    quarter = len(rows) // 4
    poorest = statistics.mean(r[2] for r in rows[:quarter])
    richest = statistics.mean(r[2] for r in rows[-quarter:])
    assert poorest > 1.3 * richest


def test_far_homes_make_children_late(small_demo: DemoFile) -> None:
    rows = small_demo.rows(
        "SELECT s.latitude, s.longitude, sc.latitude, sc.longitude, AVG(m.status = 'L') "
        "FROM people_student s JOIN attendance_attendancemark m ON m.student_id = s.id "
        "JOIN organisations_school sc ON sc.id = m.school_id GROUP BY s.id, sc.id"
    )
    distance = [(math.hypot(a - c, b - d), late) for a, b, c, d, late in rows]
    distance.sort()
    quarter = len(distance) // 4
    near = statistics.mean(late for _, late in distance[:quarter])
    far = statistics.mean(late for _, late in distance[-quarter:])
    assert far > 1.3 * near


def test_more_absence_goes_with_lower_scores(small_demo: DemoFile) -> None:
    rows = small_demo.rows(
        "SELECT r.student_id, r.term_id, AVG(r.score), "
        " (SELECT AVG(m.status IN ('A', 'E', 'S')) FROM attendance_attendancemark m "
        "  JOIN organisations_term t ON t.id = r.term_id "
        "  WHERE m.student_id = r.student_id AND m.date BETWEEN t.start_date AND t.end_date) "
        "FROM assessment_courseresult r WHERE r.score IS NOT NULL GROUP BY 1, 2"
    )
    scores = [row[2] for row in rows]
    away = [row[3] for row in rows]
    assert statistics.correlation(away, scores) < -0.2
