"""Writing national test results (an import, validated as a whole), national means, and
literacy screenings (a whole class for one term). docs/definitions.md §9 states the rules.

Every write validates all its input first and refuses it as a whole, writing nothing; then one
transaction and the audit trail (one event per import or class; one per mean, with its previous
value).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from qinfo.audit.models import AuditAction
from qinfo.audit.services import audit_record
from qinfo.core.errors import DomainError
from qinfo.core.services import field_values, refuse, require, save_changes, save_new
from qinfo.core.thai_id import normalise_identifier
from qinfo.enrolment.models import Enrolment
from qinfo.exams.imports import (
    Roster,
    SheetRow,
    find_student,
    parse_score,
    sheet_key,
    subject_lookup,
)
from qinfo.exams.models import (
    LITERACY_GRADES,
    LITERACY_SKILLS,
    LiteracyLevel,
    LiteracyScreening,
    NationalMean,
    NationalTest,
    NationalTestResult,
)
from qinfo.exams.policies import literacy_policy, national_mean_policy, national_result_policy
from qinfo.organisations.models import AcademicYear, Classroom, GradeLevel, School, Term
from qinfo.people.models import Student

#: At most this many problems are listed when an import is refused.
MAX_LISTED = 50


@dataclass(frozen=True)
class ImportSummary:
    rows: int
    created: int
    updated: int
    unchanged: int


def national_results_import(
    *,
    actor: Any,
    school: School,
    year_be: int,
    rows: Sequence[SheetRow],
    file_name: str = "",
) -> ImportSummary:
    """One school's results of one academic year: all rows are written, or none."""
    require(national_result_policy.may_import_for(actor, school))
    year = AcademicYear.objects.filter(network_id=school.network_id, year_be=year_be).first()
    if year is None:
        raise refuse(
            _("This school has no academic year %(year)s.") % {"year": year_be}, "year", "year"
        )
    if not rows:
        raise refuse(_("The file has no results below its headings."), "file_empty", "file")
    roster = Roster(school, year)
    subjects = subject_lookup()
    identifiers = {normalise_identifier(r.national_id) for r in rows if r.national_id}
    others = Student.objects.filter(identifier__in=identifiers - set(roster.by_identifier))
    known_elsewhere = {i for i in others.values_list("identifier", flat=True) if i}
    problems: list[str] = []
    accepted: dict[tuple[int, int], tuple[int, Decimal]] = {}  # (student, subject) -> (row, score)
    for row in rows:
        reasons: list[str] = []
        student_id, problem = find_student(row, roster, known_elsewhere)
        if problem:
            reasons.append(problem)
        subject = subjects.get((sheet_key(row.test), sheet_key(row.subject)))
        if subject is None:
            reasons.append(_("unknown test or subject (see the sheet of codes in the template)"))
        elif student_id is not None and subject.test.grade_level not in roster.grades[student_id]:
            reasons.append(
                _("the student was not in %(grade)s in this year, as %(test)s requires")
                % {
                    "grade": GradeLevel(subject.test.grade_level).label,
                    "test": subject.test.name_th,
                }
            )
        score = parse_score(row.score)
        if score is None:
            reasons.append(_("the score must be a number from 0 to 100 with at most two decimals"))
        if student_id is not None and subject is not None:
            first = accepted.get((student_id, subject.pk))
            if first is not None:
                reasons.append(
                    _("the same student and subject already appear in row %(row)s")
                    % {"row": first[0]}
                )
            elif not reasons and score is not None:
                accepted[student_id, subject.pk] = (row.row, score)
        if reasons:
            problems.append(
                _("Row %(row)s: %(reasons)s.") % {"row": row.row, "reasons": "; ".join(reasons)}
            )
    if problems:
        listed = problems[:MAX_LISTED]
        if len(problems) > MAX_LISTED:
            listed.append(
                _("… and %(n)s more rows with problems.") % {"n": len(problems) - MAX_LISTED}
            )
        raise DomainError({"file": [DomainError(text, code="import_row") for text in listed]})
    return _write_results(actor, school, year, accepted, file_name, len(rows))


def _write_results(
    actor: Any,
    school: School,
    year: AcademicYear,
    accepted: Mapping[tuple[int, int], tuple[int, Decimal]],
    file_name: str,
    row_count: int,
) -> ImportSummary:
    now = timezone.now()
    with transaction.atomic():
        existing = {
            (r.student_id, r.subject_id): r
            for r in NationalTestResult.objects.select_for_update().filter(
                academic_year=year,
                student_id__in={s for s, _ in accepted},
                subject_id__in={s for _, s in accepted},
            )
        }
        new: list[NationalTestResult] = []
        changed: list[NationalTestResult] = []
        previous: dict[str, list[str]] = {}
        for (student_id, subject_id), (_row, score) in accepted.items():
            result = existing.get((student_id, subject_id))
            if result is None:
                new.append(
                    NationalTestResult(
                        student_id=student_id,
                        subject_id=subject_id,
                        academic_year=year,
                        school=school,
                        score=score,
                        recorded_by=actor,
                    )
                )
            elif result.score != score or result.school_id != school.pk:
                previous[f"{student_id}:{subject_id}"] = [str(result.score), str(score)]
                result.score, result.school, result.recorded_by = score, school, actor
                result.updated_at = now
                changed.append(result)
        NationalTestResult.objects.bulk_create(new)
        NationalTestResult.objects.bulk_update(
            changed, ["score", "school", "recorded_by", "updated_at"]
        )
        audit_record(
            actor=actor,
            action=AuditAction.IMPORT,
            target_type=NationalTestResult._meta.label_lower,
            target_id=school.pk,
            school_id=school.pk,
            changes={
                "year": year.year_be,
                "file": file_name,
                "rows": row_count,
                "new": len(new),
                "changed": previous,
            },
        )
    return ImportSummary(
        rows=row_count,
        created=len(new),
        updated=len(changed),
        unchanged=len(accepted) - len(new) - len(changed),
    )


# National means ---------------------------------------------------------------------------


def national_means_set(
    *,
    actor: Any,
    test: NationalTest,
    year_be: int,
    means: Mapping[str, Decimal | str | None],
    source: str = "",
) -> list[NationalMean]:
    """Sets a year's national means of one test, by subject code (None: leave that subject as
    it is). Each mean saved is audited with its previous value."""
    require(national_mean_policy.may_keep(actor))
    if not 2500 <= year_be <= 2700:
        raise refuse(_("The year is a Buddhist Era year, such as 2568."), "year", "year")
    subjects = {s.code: s for s in test.subjects.all()}
    unknown = sorted(set(means) - set(subjects))
    if unknown:
        raise refuse(
            _("Unknown subject: %(codes)s.") % {"codes": ", ".join(unknown)}, "subject", "means"
        )
    given = {code: value for code, value in means.items() if value is not None}
    if not given:
        raise refuse(_("Give the national mean of at least one subject."), "means_empty", "means")
    parsed = {code: parse_score(value) for code, value in given.items()}
    if any(value is None for value in parsed.values()):
        raise refuse(
            _("A national mean is a number from 0 to 100 with at most two decimals."),
            "mean_range",
            "means",
        )
    saved = []
    with transaction.atomic():
        for code, value in parsed.items():
            assert value is not None
            row = NationalMean.objects.filter(subject=subjects[code], year_be=year_be).first()
            if row is None:
                row = NationalMean(
                    subject=subjects[code], year_be=year_be, mean=value, source=source
                )
                save_new(row, actor=actor)
            else:
                before = field_values(row)
                row.mean, row.source = value, source or row.source
                save_changes(row, actor=actor, before=before)
            saved.append(row)
    return saved


# Literacy screening -----------------------------------------------------------------------


@dataclass(frozen=True)
class ScreeningInput:
    student_id: int
    reading_aloud: int
    reading_comprehension: int
    word_writing: int
    composition: int

    def levels(self) -> dict[str, int]:
        return {name: getattr(self, name) for name, _label in LITERACY_SKILLS}


def screened_in_term(classroom: Classroom, term: Term) -> set[int]:
    """Students enrolled in the classroom on at least one day of the term."""
    return set(
        Enrolment.objects.filter(classroom=classroom, start_date__lte=term.end_date)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=term.start_date))
        .values_list("student_id", flat=True)
    )


def _check_screening(classroom: Classroom, term: Term, today: dt.date) -> None:
    if classroom.grade_level not in LITERACY_GRADES:
        raise refuse(
            _("The literacy screening is for ป.1 to ป.3 only."), "literacy_grade", "classroom"
        )
    if term.academic_year_id != classroom.academic_year_id:
        raise refuse(_("The term is not in this classroom's academic year."), "term_year", "term")
    if term.start_date > today:
        raise refuse(_("This term has not begun yet."), "term_future", "term")


def literacy_record(
    *, actor: Any, classroom: Classroom, term: Term, entries: Iterable[ScreeningInput]
) -> list[LiteracyScreening]:
    """A class's screenings for one term, all four skills for each child listed."""
    require(literacy_policy.may_record_for(actor, classroom))
    entries = list(entries)
    _check_screening(classroom, term, timezone.localdate())
    if not entries:
        raise refuse(_("Nothing to save: screen at least one student."), "empty", "entries")
    enrolled = screened_in_term(classroom, term)
    seen: set[int] = set()
    for entry in entries:
        if entry.student_id not in enrolled:
            raise refuse(
                _("A screening names a student who was not in this class during the term."),
                "student_not_enrolled",
                "entries",
            )
        if entry.student_id in seen:
            raise refuse(_("A student appears twice."), "duplicate_student", "entries")
        seen.add(entry.student_id)
        if any(level not in LiteracyLevel.values for level in entry.levels().values()):
            raise refuse(
                _("Each skill needs one of the four levels, from very good to needs improvement."),
                "level",
                "entries",
            )
    fields = [name for name, _label in LITERACY_SKILLS]
    with transaction.atomic():
        existing = {
            s.student_id: s
            for s in LiteracyScreening.objects.select_for_update().filter(
                term=term, student_id__in=seen
            )
        }
        saved: list[LiteracyScreening] = []
        changed: dict[str, dict[str, list[int]]] = {}
        for entry in entries:
            row = existing.get(entry.student_id) or LiteracyScreening(
                student_id=entry.student_id, term=term
            )
            if row.pk is not None:
                diff = {
                    name: [getattr(row, name), level]
                    for name, level in entry.levels().items()
                    if getattr(row, name) != level
                }
                if diff:
                    changed[str(entry.student_id)] = diff
            for name, level in entry.levels().items():
                setattr(row, name, level)
            row.classroom, row.school_id, row.recorded_by = classroom, classroom.school_id, actor
            row.updated_at = timezone.now()
            saved.append(row)
        new_rows = [r for r in saved if r.pk is None]
        old_rows = [r for r in saved if r.pk is not None]
        LiteracyScreening.objects.bulk_create(new_rows)
        LiteracyScreening.objects.bulk_update(
            old_rows, [*fields, "classroom", "school", "recorded_by", "updated_at"]
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE if changed else AuditAction.CREATE,
            target=classroom,
            school_id=classroom.school_id,
            changes={
                "literacy_term": term.pk,
                "screenings": len(saved),
                "new": len(new_rows),
                "changed": changed,
            },
        )
    return saved
