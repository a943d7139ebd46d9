"""What `qinfo demo --scale small` builds: the right amount of school life, and valid records."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.hashers import check_password

from qinfo.core.thai_id import is_g_code, is_valid_national_id
from qinfo.enrolment.models import ExitReason
from tests.demo_files import TODAY, DemoFile

pytestmark = pytest.mark.slow

CURRENT_YEAR = "(SELECT id FROM organisations_academicyear WHERE year_be = 2569)"


def test_two_schools_of_one_municipality_from_k1_to_m6(small_demo: DemoFile) -> None:
    assert small_demo.rows(
        "SELECT code, name_th, kind, province_code FROM organisations_network"
    ) == [("phuket-city", "เทศบาลนครภูเก็ต", "municipality", "83")]
    schools = small_demo.rows("SELECT code, lowest_grade, highest_grade FROM organisations_school")
    assert len(schools) == 2
    assert all(code.startswith("30") and len(code) == 10 for code, _, _ in schools)
    assert {(low, high) for _, low, high in schools} == {(1, 15)}


def test_about_800_students_studying_now(small_demo: DemoFile) -> None:
    active = small_demo.value(
        "SELECT COUNT(*) FROM enrolment_enrolment "
        f"WHERE status = 'active' AND academic_year_id = {CURRENT_YEAR}"
    )
    assert 700 <= active <= 900


def test_three_complete_years_and_the_current_one(small_demo: DemoFile) -> None:
    years = small_demo.rows(
        "SELECT y.year_be, SUM(e.status = 'active') FROM organisations_academicyear y "
        "JOIN enrolment_enrolment e ON e.academic_year_id = y.id GROUP BY y.year_be ORDER BY 1"
    )
    assert years[:3] == [(2566, 0), (2567, 0), (2568, 0)]
    assert years[3][0] == 2569 and years[3][1] > 0
    terms = small_demo.rows(
        "SELECT y.year_be, t.number, t.start_date, t.end_date FROM organisations_term t "
        "JOIN organisations_academicyear y ON y.id = t.academic_year_id ORDER BY 1, 2"
    )
    assert len(terms) == 8
    for year_be, number, start, end in terms:
        ce = year_be - 543
        start_date, end_date = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
        if number == 1:
            assert dt.date(ce, 5, 16) <= start_date <= dt.date(ce, 5, 20)
            assert dt.date(ce, 10, 6) <= end_date <= dt.date(ce, 10, 10)
        else:
            assert dt.date(ce, 11, 1) <= start_date <= dt.date(ce, 11, 5)
            assert dt.date(ce + 1, 3, 27) <= end_date <= dt.date(ce + 1, 3, 31)


def test_no_marks_on_weekends_holidays_or_after_today(small_demo: DemoFile) -> None:
    holidays = {d for (d,) in small_demo.rows("SELECT date FROM organisations_nonschoolday")}
    assert holidays
    dates = [d for (d,) in small_demo.rows("SELECT DISTINCT date FROM attendance_attendancemark")]
    assert max(dates) <= TODAY
    assert not holidays & set(dates)
    assert all(dt.date.fromisoformat(d).weekday() < 5 for d in dates)


def test_every_mark_falls_inside_an_enrolment_in_its_classroom(small_demo: DemoFile) -> None:
    outside = small_demo.value(
        "SELECT COUNT(*) FROM attendance_attendancemark m WHERE NOT EXISTS ("
        " SELECT 1 FROM enrolment_enrolment e WHERE e.student_id = m.student_id"
        " AND e.classroom_id = m.classroom_id AND e.start_date <= m.date"
        " AND (e.end_date IS NULL OR m.date <= e.end_date))"
    )
    assert outside == 0
    statuses = dict(
        small_demo.rows("SELECT status, COUNT(*) FROM attendance_attendancemark GROUP BY 1")
    )
    assert set(statuses) == {"P", "L", "S", "E", "A", "T"}
    assert (
        small_demo.value(
            "SELECT COUNT(*) FROM attendance_attendancemark "
            "WHERE (status = 'L') != (minutes_late IS NOT NULL)"
        )
        == 0
    )


def test_grades_follow_the_bands_and_special_marks_their_rules(small_demo: DemoFile) -> None:
    bands = ((80, 4), (75, 3.5), (70, 3), (65, 2.5), (60, 2), (55, 1.5), (50, 1), (0, 0))
    made_up = set(
        small_demo.rows(
            "SELECT DISTINCT result_id FROM assessment_resultrevision WHERE kind = 'make_up'"
        )
    )
    for pk, score, grade, was_not_eligible in small_demo.rows(
        "SELECT r.id, r.score, r.grade, EXISTS (SELECT 1 FROM assessment_resultrevision v "
        "WHERE v.result_id = r.id AND v.kind = 'make_up' AND v.before_mark = 'มส') "
        "FROM assessment_courseresult r WHERE r.score IS NOT NULL"
    ):
        band = next(g for floor, g in bands if score >= floor)
        # A มส made up keeps at most grade 1 (the make-up cap, docs/definitions.md §8).
        assert float(grade) == (min(band, 1) if was_not_eligible else band), pk
    assert made_up, "the demo makes up some ร and มส"
    marks = dict(
        small_demo.rows("SELECT r.special_mark, COUNT(*) FROM assessment_courseresult r GROUP BY 1")
    )
    assert {"ผ", "มผ", "มส", "ร"} <= set(marks)
    activity_marks = {
        m for (m,) in small_demo.rows(
            "SELECT DISTINCT r.special_mark FROM assessment_courseresult r "
            "JOIN organisations_course c ON c.id = r.course_id "
            "JOIN organisations_subject s ON s.id = c.subject_id WHERE s.learning_area = 'activity'"
        )
    }  # fmt: skip
    assert activity_marks == {"ผ", "มผ"}


def test_results_for_completed_terms_only(small_demo: DemoFile) -> None:
    with_results = small_demo.rows(
        "SELECT DISTINCT t.end_date FROM assessment_courseresult r "
        "JOIN organisations_term t ON t.id = r.term_id"
    )
    assert len(with_results) == 7  # three years of two terms, and term 1 of 2569
    assert all(end < TODAY for (end,) in with_results)
    courses_without = small_demo.value(
        "SELECT COUNT(*) FROM organisations_course c JOIN organisations_term t ON t.id = c.term_id "
        "WHERE t.end_date < ? AND NOT EXISTS "
        "(SELECT 1 FROM assessment_courseresult r WHERE r.course_id = c.id)",
        (TODAY,),
    )
    assert courses_without == 0


def test_identifiers_are_valid(small_demo: DemoFile) -> None:
    kinds: dict[str, int] = {}
    for kind, identifier in small_demo.rows(
        "SELECT identifier_kind, identifier FROM people_student"
    ):
        kinds[kind] = kinds.get(kind, 0) + 1
        if kind == "national_id":
            assert is_valid_national_id(identifier), identifier
        elif kind == "g_code":
            assert is_g_code(identifier), identifier
        else:
            assert identifier is None
    assert kinds["g_code"] > 0 and kinds["pending"] > 0
    assert kinds["national_id"] > 0.9 * sum(kinds.values())


def test_leavers_have_reasons_and_destinations(small_demo: DemoFile) -> None:
    reasons = {r.value for r in ExitReason}
    exits = small_demo.rows(
        "SELECT status, exit_reason, destination, end_date FROM enrolment_enrolment "
        "WHERE status IN ('transferred_out', 'dropped_out')"
    )
    assert {status for status, *_ in exits} == {"transferred_out", "dropped_out"}
    for status, reason, destination, end in exits:
        assert reason in reasons and end
        if status == "transferred_out":
            assert destination
    assert (
        small_demo.value(
            "SELECT COUNT(*) FROM enrolment_enrolment WHERE status = 'graduated' "
            "AND classroom_id IN (SELECT id FROM organisations_classroom WHERE grade_level = 15)"
        )
        > 0
    )
    assert (
        small_demo.value("SELECT COUNT(*) FROM enrolment_enrolment WHERE status = 'repeating'") > 0
    )


def test_some_children_are_recorded_twice(small_demo: DemoFile) -> None:
    pairs = small_demo.value(
        "SELECT COUNT(*) FROM people_student a JOIN people_student b ON a.id < b.id "
        "AND a.first_name_th = b.first_name_th AND a.last_name_th = b.last_name_th "
        "AND a.birth_date = b.birth_date WHERE b.identifier_kind = 'pending'"
    )
    assert pairs >= 3
    # Every such pair waits for an officer as a proposal; none was merged.
    proposed = small_demo.value(
        "SELECT COUNT(*) FROM enrolment_studentmatch m JOIN people_student a ON a.id = m.keep_id "
        "JOIN people_student b ON b.id = m.duplicate_id WHERE m.status = 'proposed' "
        "AND a.first_name_th = b.first_name_th AND a.birth_date = b.birth_date"
    )
    assert proposed >= pairs
    assert (
        small_demo.value("SELECT COUNT(*) FROM people_student WHERE merged_into_id IS NOT NULL")
        == 0
    )


def test_families_and_guardians(small_demo: DemoFile) -> None:
    assert small_demo.value("SELECT COUNT(*) FROM people_student WHERE household_id IS NULL") == 0
    assert (
        small_demo.value(
            "SELECT COUNT(*) FROM people_student s WHERE NOT EXISTS "
            "(SELECT 1 FROM people_guardianship g WHERE g.student_id = s.id AND g.is_primary)"
        )
        == 0
    )
    relations = {
        r for (r,) in small_demo.rows("SELECT DISTINCT relation FROM people_householdmember")
    }
    assert {"father", "mother", "grandparent", "sibling"} <= relations
    assert (
        small_demo.value(
            "SELECT COUNT(*) FROM people_student WHERE tambon_code NOT LIKE '8301%' "
            "OR latitude NOT BETWEEN 7.7 AND 8.1 OR longitude NOT BETWEEN 98.2 AND 98.5"
        )
        == 0
    )


def test_demo_logins_and_their_memberships(small_demo: DemoFile) -> None:
    first_school = small_demo.value("SELECT id FROM organisations_school ORDER BY code LIMIT 1")
    network = small_demo.value("SELECT id FROM organisations_network")
    users = {
        name: (password, staff, superuser)
        for name, password, staff, superuser in small_demo.rows(
            "SELECT username, password, is_staff, is_superuser FROM accounts_user"
        )
    }
    expected = {
        "demo-teacher": ("teacher", first_school, None),
        "demo-registrar": ("registrar", first_school, None),
        "demo-director": ("director", first_school, None),
        "demo-officer": ("officer", None, network),
        "demo-analyst": ("analyst", None, network),
        "demo-admin": ("admin", None, None),
    }
    assert set(users) == set(expected)
    for name, membership in expected.items():
        assert check_password("demo", users[name][0])
        assert small_demo.rows(
            "SELECT m.role, m.school_id, m.network_id FROM accounts_membership m "
            "JOIN accounts_user u ON u.id = m.user_id WHERE u.username = ?",
            (name,),
        ) == [membership]
    assert users["demo-admin"][1:] == (1, 1)
    assert users["demo-director"][1:] == (0, 0)


def test_demo_teacher_is_homeroom_teacher_who_teaches(small_demo: DemoFile) -> None:
    staff = small_demo.value(
        "SELECT s.id FROM organisations_staff s JOIN accounts_user u ON u.id = s.user_id "
        "WHERE u.username = 'demo-teacher'"
    )
    homerooms = small_demo.rows(
        "SELECT c.id FROM organisations_classroom_homeroom_teachers h "
        "JOIN organisations_classroom c ON c.id = h.classroom_id "
        f"WHERE h.staff_id = ? AND c.academic_year_id = {CURRENT_YEAR} AND c.school_id = "
        "(SELECT id FROM organisations_school ORDER BY code LIMIT 1)",
        (staff,),
    )
    assert homerooms
    teaches = small_demo.value(
        "SELECT COUNT(*) FROM organisations_course WHERE teacher_id = ? AND classroom_id = ?",
        (staff, homerooms[0][0]),
    )
    assert teaches > 0


def test_the_build_is_one_audit_event(small_demo: DemoFile) -> None:
    # Then the early warning runs on the built history like any user would, audited each time.
    events = small_demo.rows(
        "SELECT action, target_type, changes FROM audit_auditevent ORDER BY id"
    )
    assert [target for _, target, _ in events[1:]] == [
        "risk.riskmodel",
        "risk.riskscore",
        "alerts.sync",
        "blueprint.plan",
    ]
    action, target_type, changes = events[0]
    assert (action, target_type) == ("import", "demo.build")
    assert '"seed": 1' in changes and '"scale": "small"' in changes


def test_ages_fit_the_grades(small_demo: DemoFile) -> None:
    """On 16 May a child in grade level g (อ.1 = 1) is g + 2 years old; a few are older."""
    gaps = [
        gap
        for (gap,) in small_demo.rows(
            "SELECT (CAST(strftime('%Y', y.start_date) AS INTEGER) "
            "- CAST(strftime('%Y', s.birth_date) AS INTEGER) "
            "- (strftime('%m-%d', s.birth_date) > '05-16')) - (c.grade_level + 2) "
            "FROM enrolment_enrolment e JOIN people_student s ON s.id = e.student_id "
            "JOIN organisations_classroom c ON c.id = e.classroom_id "
            "JOIN organisations_academicyear y ON y.id = e.academic_year_id"
        )
    ]
    assert min(gaps) == 0 and max(gaps) <= 5
    assert 0.01 < sum(g > 0 for g in gaps) / len(gaps) < 0.15


def test_the_sqlite_file_is_left_in_wal_mode(small_demo: DemoFile) -> None:
    # The loader writes with an in-memory journal for speed and must hand back a WAL database.
    assert small_demo.value("PRAGMA journal_mode") == "wal"
