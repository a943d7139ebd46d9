"""The logical tables the indicators read (docs/definitions.md §20).

Every engine (SQLite or PostgreSQL through Django, DuckDB over the Parquet export) shows the
indicators these tables with exactly these columns and Ibis types, whatever it stores underneath:
`Source.table(name)` casts to them. Only what indicators need: never names, ID numbers,
addresses, birth dates or free-text notes. Identifiers are integers (`student_id` is replaced by
a pseudonym in the Parquet export). Grades are the stored grade levels (1 = อ.1 … 4 = ป.1 …
10 = ม.1 … 15 = ม.6).
"""

from __future__ import annotations

SCHEMA_VERSION = 1

ID = "int64"

SCHEMA: dict[str, dict[str, str]] = {
    "networks": {"network_id": ID, "kind": "string"},
    "schools": {
        "school_id": ID,
        "network_id": ID,
        "affiliation": "string",
        "lowest_grade": "int64",
        "highest_grade": "int64",
    },
    "years": {
        "year_id": ID,
        "network_id": ID,
        "year_be": "int64",
        "start_date": "date",
        "end_date": "date",
    },
    "terms": {
        "term_id": ID,
        "year_id": ID,
        "number": "int64",
        "start_date": "date",
        "end_date": "date",
    },
    "non_school_days": {"year_id": ID, "date": "date"},
    "classrooms": {
        "classroom_id": ID,
        "school_id": ID,
        "year_id": ID,
        "grade": "int64",
        "room": "int64",
    },
    # Records merged into another are left out (their rows live on the kept record, §5).
    "students": {"student_id": ID, "sex": "string"},
    "enrolments": {
        "enrolment_id": ID,
        "student_id": ID,
        "classroom_id": ID,
        "school_id": ID,
        "year_id": ID,
        "start_date": "date",
        "end_date": "date",
        "status": "string",
        "exit_reason": "string",
    },
    # Daily marks only (period 0, §2): the marks every attendance indicator reads.
    "attendance": {
        "student_id": ID,
        "date": "date",
        "school_id": ID,
        "classroom_id": ID,
        "status": "string",
    },
    "subjects": {
        "subject_id": ID,
        "code": "string",
        "name_th": "string",
        "name_en": "string",
        "learning_area": "string",
        "grade": "int64",
    },
    "courses": {
        "course_id": ID,
        "classroom_id": ID,
        "term_id": ID,
        "subject_id": ID,
        "teacher_id": ID,
        "hours": "int64",
    },
    "results": {
        "student_id": ID,
        "course_id": ID,
        "term_id": ID,
        "school_id": ID,
        "score": "float64",
        "grade": "float64",
        "special_mark": "string",
    },
    "national_tests": {"test_id": ID, "code": "string", "family": "string", "grade": "int64"},
    "national_subjects": {
        "subject_id": ID,
        "test_id": ID,
        "code": "string",
        "name_th": "string",
        "name_en": "string",
        "position": "int64",
    },
    "national_means": {"subject_id": ID, "year_be": "int64", "mean": "float64"},
    "national_results": {
        "student_id": ID,
        "subject_id": ID,
        "year_id": ID,
        "school_id": ID,
        "score": "float64",
    },
    "literacy": {
        "student_id": ID,
        "term_id": ID,
        "classroom_id": ID,
        "school_id": ID,
        "reading_aloud": "int64",
        "reading_comprehension": "int64",
        "word_writing": "int64",
        "composition": "int64",
    },
    "health": {
        "student_id": ID,
        "term_id": ID,
        "school_id": ID,
        "classroom_id": ID,
        "date": "date",
        "wfh_label": "string",
        "hfa_label": "string",
        "tall_and_proportionate": "boolean",
    },
    "sdq": {
        "student_id": ID,
        "school_id": ID,
        "classroom_id": ID,
        "date": "date",
        "form": "string",
        "total": "int64",
        "total_band": "string",
    },
    "poverty": {
        "screening_id": ID,
        "student_id": ID,
        "year_id": ID,
        "date": "date",
        "income_per_member": "float64",
        "hardship_items": "int64",
        "extremely_poor": "boolean",
    },
    "home_visits": {
        "visit_id": ID,
        "student_id": ID,
        "year_id": ID,
        "date": "date",
        "follow_up_needed": "boolean",
    },
    "staff": {
        "staff_id": ID,
        "school_id": ID,
        "sex": "string",
        "position": "string",
        "learning_area": "string",
        "active": "boolean",
    },
    "risk_scores": {
        "student_id": ID,
        "school_id": ID,
        "classroom_id": ID,
        "as_of": "date",
        "level": "string",
    },
}

# Columns holding a child's identifier: the Parquet export replaces them by pseudonyms.
STUDENT_COLUMNS: dict[str, tuple[str, ...]] = {
    name: tuple(column for column in columns if column == "student_id")
    for name, columns in SCHEMA.items()
    if "student_id" in columns
}
