"""The same seed and the same "today" build the same municipality; another seed, another one."""

from __future__ import annotations

import hashlib

import pytest

from tests.demo_files import DemoFile

pytestmark = pytest.mark.slow

#: Tables and the columns that must match exactly (timestamps of the build itself left out).
CHECKED = {
    "people_student": "id, identifier, first_name_th, last_name_th, sex, birth_date, household_id, "
    "latitude, longitude",
    "people_householdmember": "id, household_id, relation, occupation, monthly_income",
    "enrolment_enrolment": "id, student_id, classroom_id, start_date, end_date, status",
    "attendance_attendancemark": "student_id, date, classroom_id, status, minutes_late",
    "assessment_courseresult": "student_id, course_id, score, grade, special_mark",
    "organisations_course": "id, classroom_id, term_id, subject_id, teacher_id",
}


def _checksum(demo: DemoFile, table: str, columns: str) -> str:
    digest = hashlib.sha256()
    for row in demo.db.execute(f"SELECT {columns} FROM {table} ORDER BY {columns}"):
        digest.update(repr(row).encode())
    return digest.hexdigest()


def _counts(demo: DemoFile) -> dict[str, int]:
    tables = [
        name
        for (name,) in demo.rows(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'django_%'"
        )
    ]
    return {table: demo.value(f'SELECT COUNT(*) FROM "{table}"') for table in tables}


def test_same_seed_same_data(small_demo: DemoFile, small_demo_again: DemoFile) -> None:
    assert _counts(small_demo) == _counts(small_demo_again)
    for table, columns in CHECKED.items():
        assert _checksum(small_demo, table, columns) == _checksum(small_demo_again, table, columns)


def test_another_seed_other_data(small_demo: DemoFile, small_demo_other_seed: DemoFile) -> None:
    table, columns = "attendance_attendancemark", CHECKED["attendance_attendancemark"]
    assert _checksum(small_demo, table, columns) != _checksum(small_demo_other_seed, table, columns)
