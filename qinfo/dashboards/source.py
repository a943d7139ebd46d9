"""The indicators' logical tables (qinfo.indicators.tables.SCHEMA) over Django's own database.

Each logical table is declared from a Django model (its table, its columns as stored and their
Ibis types), so no schema introspection ever runs. The SQL Ibis compiles is sent through Django's
cursor on the current thread's connection: thread-safe like every Django query, counted by
`querycount.counting_queries` and by Django's own query capture, and the same on SQLite and
PostgreSQL (docs/decisions/0012-indicators-ibis.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import ibis.expr.types as ir
from django.apps import apps
from django.db import connection, models

from qinfo.dashboards.sqlcache import share_templates
from qinfo.indicators.source import Physical, Source
from qinfo.indicators.tables import SCHEMA

# logical table → (model, {logical column: model field name}, filter over the stored table)
TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "networks": ("organisations.Network", {"network_id": "id", "kind": "kind"}),
    "schools": (
        "organisations.School",
        {
            "school_id": "id",
            "network_id": "network",
            "affiliation": "affiliation",
            "lowest_grade": "lowest_grade",
            "highest_grade": "highest_grade",
        },
    ),
    "years": (
        "organisations.AcademicYear",
        {
            "year_id": "id",
            "network_id": "network",
            "year_be": "year_be",
            "start_date": "start_date",
            "end_date": "end_date",
        },
    ),
    "terms": (
        "organisations.Term",
        {
            "term_id": "id",
            "year_id": "academic_year",
            "number": "number",
            "start_date": "start_date",
            "end_date": "end_date",
        },
    ),
    "non_school_days": ("organisations.NonSchoolDay", {"year_id": "academic_year", "date": "date"}),
    "classrooms": (
        "organisations.Classroom",
        {
            "classroom_id": "id",
            "school_id": "school",
            "year_id": "academic_year",
            "grade": "grade_level",
            "room": "room",
        },
    ),
    "students": ("people.Student", {"student_id": "id", "sex": "sex"}),
    "enrolments": (
        "enrolment.Enrolment",
        {
            "enrolment_id": "id",
            "student_id": "student",
            "classroom_id": "classroom",
            "school_id": "school",
            "year_id": "academic_year",
            "start_date": "start_date",
            "end_date": "end_date",
            "status": "status",
            "exit_reason": "exit_reason",
        },
    ),
    "attendance": (
        "attendance.AttendanceMark",
        {
            "student_id": "student",
            "date": "date",
            "school_id": "school",
            "classroom_id": "classroom",
            "status": "status",
        },
    ),
    "subjects": (
        "organisations.Subject",
        {
            "subject_id": "id",
            "code": "code",
            "name_th": "name_th",
            "name_en": "name_en",
            "learning_area": "learning_area",
            "grade": "grade_level",
        },
    ),
    "courses": (
        "organisations.Course",
        {
            "course_id": "id",
            "classroom_id": "classroom",
            "term_id": "term",
            "subject_id": "subject",
            "teacher_id": "teacher",
            "hours": "hours",
        },
    ),
    "results": (
        "assessment.CourseResult",
        {
            "student_id": "student",
            "course_id": "course",
            "term_id": "term",
            "school_id": "school",
            "score": "score",
            "grade": "grade",
            "special_mark": "special_mark",
        },
    ),
    "national_tests": (
        "exams.NationalTest",
        {"test_id": "id", "code": "code", "family": "family", "grade": "grade_level"},
    ),
    "national_subjects": (
        "exams.NationalTestSubject",
        {
            "subject_id": "id",
            "test_id": "test",
            "code": "code",
            "name_th": "name_th",
            "name_en": "name_en",
            "position": "position",
        },
    ),
    "national_means": (
        "exams.NationalMean",
        {"subject_id": "subject", "year_be": "year_be", "mean": "mean"},
    ),
    "national_results": (
        "exams.NationalTestResult",
        {
            "student_id": "student",
            "subject_id": "subject",
            "year_id": "academic_year",
            "school_id": "school",
            "score": "score",
        },
    ),
    "literacy": (
        "exams.LiteracyScreening",
        {
            "student_id": "student",
            "term_id": "term",
            "classroom_id": "classroom",
            "school_id": "school",
            "reading_aloud": "reading_aloud",
            "reading_comprehension": "reading_comprehension",
            "word_writing": "word_writing",
            "composition": "composition",
        },
    ),
    "health": (
        "wellbeing.HealthMeasurement",
        {
            "student_id": "student",
            "term_id": "term",
            "school_id": "school",
            "classroom_id": "classroom",
            "date": "date",
            "wfh_label": "wfh_label",
            "hfa_label": "hfa_label",
            "tall_and_proportionate": "tall_and_proportionate",
        },
    ),
    "sdq": (
        "wellbeing.SdqScreening",
        {
            "student_id": "student",
            "school_id": "school",
            "classroom_id": "classroom",
            "date": "date",
            "form": "form",
            "total": "total",
            "total_band": "total_band",
        },
    ),
    "poverty": (
        "care.PovertyScreening",
        {
            "screening_id": "id",
            "student_id": "student",
            "year_id": "academic_year",
            "date": "date",
            "income_per_member": "income_per_member",
            "hardship_items": "hardship_items",
            "extremely_poor": "extremely_poor",
        },
    ),
    "home_visits": (
        "care.HomeVisit",
        {
            "visit_id": "id",
            "student_id": "student",
            "year_id": "academic_year",
            "date": "date",
            "follow_up_needed": "follow_up_needed",
        },
    ),
    "staff": (
        "organisations.Staff",
        {
            "staff_id": "id",
            "school_id": "school",
            "sex": "sex",
            "position": "position",
            "learning_area": "learning_area",
            "active": "active",
        },
    ),
    "risk_scores": (
        "risk.RiskScore",
        {
            "student_id": "student",
            "school_id": "school",
            "classroom_id": "classroom",
            "as_of": "as_of",
            "level": "level",
        },
    ),
}

# Stored column types as Ibis sees them; `conform` then casts each to its SCHEMA type.
STORED_TYPES = {
    "BigAutoField": "int64",
    "AutoField": "int64",
    "ForeignKey": "int64",
    "OneToOneField": "int64",
    "PositiveSmallIntegerField": "int64",
    "PositiveIntegerField": "int64",
    "SmallIntegerField": "int64",
    "IntegerField": "int64",
    "BigIntegerField": "int64",
    "DecimalField": "decimal(12, 4)",
    "FloatField": "float64",
    "CharField": "string",
    "SlugField": "string",
    "TextField": "string",
    "DateField": "date",
    "BooleanField": "boolean",
}


def _filter(logical: str) -> Any:
    if logical == "students":
        return lambda t: t.merged_into_id.isnull()
    if logical == "attendance":
        return lambda t: t.period == 0
    return None


def _extra_columns(logical: str) -> dict[str, tuple[str, str]]:
    """Stored columns a filter needs that the logical table does not show."""
    if logical == "students":
        return {"_merged_into_id": ("merged_into_id", "int64")}
    if logical == "attendance":
        return {"_period": ("period", "int64")}
    return {}


@cache
def physical_tables() -> dict[str, Physical]:
    """The stored table behind every logical table (from the Django models)."""
    out = {}
    for logical, (label, fields) in TABLES.items():
        model: type[models.Model] = apps.get_model(label)
        columns = {}
        for column, field_name in fields.items():
            field = model._meta.get_field(field_name)
            assert isinstance(field, models.Field)
            columns[column] = (field.column, STORED_TYPES[field.get_internal_type()])
        columns.update(_extra_columns(logical))
        out[logical] = Physical(table=model._meta.db_table, columns=columns, where=_filter(logical))
    missing = set(SCHEMA) - set(out)
    if missing:
        raise RuntimeError(f"no Django table for logical table(s) {sorted(missing)}")
    return out


def run_sql(sql: str) -> tuple[Sequence[str], Sequence[Sequence[Any]]]:
    """One statement through Django's cursor on this thread's connection."""
    with connection.cursor() as cursor:
        cursor.execute(sql)
        names = [d[0] for d in cursor.description or ()]
        return names, cursor.fetchall()


def dialect() -> str:
    return {"sqlite": "sqlite", "postgresql": "postgres"}[connection.vendor]


@cache
def _source(dialect_name: str) -> Source:
    return share_templates(Source.for_sql(physical_tables(), dialect_name, run_sql))


def django_source() -> Source:
    """Ibis over Django's own database (SQLite or PostgreSQL). The Source holds no connection:
    each statement runs on the calling thread's Django connection."""
    return _source(dialect())


def table(name: str) -> ir.Table:
    """A logical table over the live database (shorthand)."""
    return django_source().table(name)
