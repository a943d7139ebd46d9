"""The small demo's health measurements and SDQ screenings: every child measured every term,
values that pass the services' own rules, the causal model visible, and the same build twice."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

import pytest

from qinfo.wellbeing import growth, sdq
from qinfo.wellbeing.models import (
    BMI_MAX,
    BMI_MIN,
    HEIGHT_MAX_CM,
    HEIGHT_MIN_CM,
    WEIGHT_MAX_KG,
    WEIGHT_MIN_KG,
)
from tests.demo_files import TODAY, DemoFile

pytestmark = pytest.mark.slow


def test_every_child_enrolled_at_a_terms_measuring_day_is_measured_once(
    small_demo: DemoFile,
) -> None:
    measured = small_demo.value("SELECT COUNT(*) FROM wellbeing_healthmeasurement")
    terms = small_demo.value("SELECT COUNT(DISTINCT term_id) FROM wellbeing_healthmeasurement")
    # 3 complete years and term 1 of this one: on 20 Nov 2026 term 2 has not reached its
    # measuring day (the 16th school day) yet.
    assert terms == 7
    # Each active enrolment of this year has its term-1 measurement, in its own classroom.
    missing = small_demo.value(
        "SELECT COUNT(*) FROM enrolment_enrolment e JOIN organisations_term t "
        "ON t.academic_year_id = e.academic_year_id AND t.number = 1 "
        "WHERE e.status = 'active' AND e.start_date <= t.start_date "
        "AND NOT EXISTS (SELECT 1 FROM wellbeing_healthmeasurement h "
        "WHERE h.student_id = e.student_id AND h.term_id = t.id "
        "AND h.classroom_id = e.classroom_id)"
    )
    assert missing == 0 and measured > 5000


def test_measurements_pass_the_services_rules(small_demo: DemoFile) -> None:
    rows = small_demo.rows(
        "SELECT h.date, h.weight_kg, h.height_cm, h.bmi, h.age_days, t.start_date, t.end_date, "
        "s.birth_date, h.bmi_z, h.hfa_z, h.wfa_z, s.sex FROM wellbeing_healthmeasurement h "
        "JOIN organisations_term t ON t.id = h.term_id JOIN people_student s ON s.id = h.student_id"
    )
    for day, weight, height, bmi, age, start, end, born, bmi_z, hfa_z, wfa_z, sex in rows[::37]:
        w, h = Decimal(str(weight)), Decimal(str(height))
        assert WEIGHT_MIN_KG <= w <= WEIGHT_MAX_KG and HEIGHT_MIN_CM <= h <= HEIGHT_MAX_CM
        assert BMI_MIN <= Decimal(str(bmi)) <= BMI_MAX and Decimal(str(bmi)) == growth.bmi(w, h)
        assert start <= day <= end and day <= TODAY
        assert age == (dt.date.fromisoformat(day) - dt.date.fromisoformat(born)).days
        z = growth.z_scores(sex, age, w, h, growth.bmi(w, h))
        stored = tuple(None if v is None else Decimal(str(v)) for v in (bmi_z, hfa_z, wfa_z))
        assert stored == (z.bmi_z, z.hfa_z, z.wfa_z)


def test_poverty_means_more_stunting_and_some_are_overweight(small_demo: DemoFile) -> None:
    def share(label_sql: str, poor: bool) -> float:
        per_member = (
            "(SELECT COALESCE(SUM(m.monthly_income), 0) * 1.0 / (COUNT(m.id) + 1) "
            "FROM people_householdmember m WHERE m.household_id = s.household_id)"
        )
        condition = f"{per_member} {'<' if poor else '>='} 3000"
        rows = small_demo.rows(
            f"SELECT AVG(CASE WHEN {label_sql} THEN 1.0 ELSE 0 END) FROM "
            "wellbeing_healthmeasurement h JOIN people_student s ON s.id = h.student_id "
            f"WHERE {condition}"
        )
        return float(rows[0][0])

    stunted = "h.hfa_label IN ('short', 'rather_short')"
    assert share(stunted, poor=True) > 1.5 * share(stunted, poor=False)
    heavy = "h.wfh_label IN ('overweight', 'obese')"
    assert share(heavy, poor=False) > 0.03


def test_sdq_every_child_yearly_and_scores_that_add_up(small_demo: DemoFile) -> None:
    forms = dict(small_demo.rows("SELECT form, COUNT(*) FROM wellbeing_sdqscreening GROUP BY form"))
    assert forms["teacher"] > 2000 and 0 < forms["parent"] < forms["teacher"]
    assert 0 < forms["self"] < forms["teacher"]
    twice = small_demo.value(
        "SELECT COUNT(*) FROM (SELECT s.student_id, t.academic_year_id "
        "FROM wellbeing_sdqscreening s JOIN organisations_classroom t ON t.id = s.classroom_id "
        "WHERE s.form = 'teacher' "
        "GROUP BY 1, 2 HAVING COUNT(*) > 1)"
    )
    assert twice == 0
    rows = small_demo.rows(
        "SELECT answers, emotional, conduct, hyperactivity, peer, prosocial, total, form, "
        "total_band FROM wellbeing_sdqscreening"
    )
    bands = {"teacher": (15, 18), "parent": (16, 18), "self": (16, 18)}
    for answers, emotional, conduct, hyper, peer, prosocial, total, form, band in rows[::11]:
        scores = sdq.score(sdq.decode(answers))
        assert (emotional, conduct, hyper, peer, prosocial, total) == (
            scores.emotional, scores.conduct, scores.hyperactivity, scores.peer,
            scores.prosocial, scores.total,
        )  # fmt: skip
        normal, at_risk = bands[form]
        expected = "normal" if total <= normal else ("at_risk" if total <= at_risk else "problem")
        assert band == expected
    problem = small_demo.value(
        "SELECT AVG(total_band = 'problem') FROM wellbeing_sdqscreening WHERE form = 'teacher'"
    )
    assert 0.03 < problem < 0.25


def test_the_same_seed_builds_the_same_wellbeing_rows(
    small_demo: DemoFile, small_demo_again: DemoFile
) -> None:
    def checksum(demo: DemoFile) -> str:
        digest = hashlib.sha256()
        for sql in (
            "SELECT student_id, term_id, date, weight_kg, height_cm, bmi_z, wfh_label "
            "FROM wellbeing_healthmeasurement ORDER BY 1, 2",
            "SELECT student_id, date, form, answers, total_band FROM wellbeing_sdqscreening "
            "ORDER BY 1, 2, 3",
        ):
            for row in demo.db.execute(sql):
                digest.update(repr(row).encode())
        return digest.hexdigest()

    assert checksum(small_demo) == checksum(small_demo_again)
