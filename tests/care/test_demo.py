"""The care rows of the small demo (built once per session by tests/demo/conftest.py)."""

from __future__ import annotations

from tests.demo_files import DemoFile


def test_every_child_is_screened_each_year_and_flagged_by_the_rule(small_demo: DemoFile) -> None:
    d = small_demo
    unscreened = d.value(
        "SELECT COUNT(*) FROM (SELECT DISTINCT e.student_id, e.academic_year_id "
        "FROM enrolment_enrolment e JOIN organisations_academicyear y ON y.id = e.academic_year_id "
        "WHERE y.end_date < '2026-11-20' AND e.status IN ('promoted', 'repeating', 'graduated') "
        "EXCEPT SELECT student_id, academic_year_id FROM care_povertyscreening)"
    )
    assert unscreened == 0
    wrong = d.value(
        "SELECT COUNT(*) FROM care_povertyscreening WHERE extremely_poor != "
        "(CAST(income_per_member AS REAL) <= 3000 AND hardship_items >= 2)"
    )
    assert wrong == 0
    share = d.value("SELECT AVG(extremely_poor) FROM care_povertyscreening")
    assert 0.05 < share < 0.35


def test_most_children_are_visited_and_those_at_risk_more(small_demo: DemoFile) -> None:
    d = small_demo
    rows = d.rows(
        "SELECT s.extremely_poor, COUNT(v.id) FROM care_povertyscreening s "
        "LEFT JOIN care_homevisit v ON v.student_id = s.student_id "
        "AND v.academic_year_id = s.academic_year_id "
        "JOIN organisations_academicyear y ON y.id = s.academic_year_id "
        "WHERE y.end_date < '2026-11-20' GROUP BY s.id"
    )
    visited = {poor: [n > 0 for p, n in rows if p == poor] for poor in (0, 1)}
    rate = {poor: sum(v) / len(v) for poor, v in visited.items()}
    assert rate[0] > 0.6 and rate[1] > rate[0] + 0.1
    visits_without_visitor = d.value(
        "SELECT COUNT(*) FROM care_homevisit v WHERE NOT EXISTS "
        "(SELECT 1 FROM care_homevisit_visitors x WHERE x.homevisit_id = v.id)"
    )
    assert visits_without_visitor == 0
    assert d.value("SELECT MAX(date) FROM care_homevisit") <= "2026-11-20"
    unexplained = d.value(
        "SELECT COUNT(*) FROM care_homevisit WHERE follow_up_needed AND follow_up_note = ''"
    )
    assert unexplained == 0
