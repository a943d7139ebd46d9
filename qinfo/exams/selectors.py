"""Reads of national test results, national means and literacy screenings, scoped by the
acting user's policy; the summaries the pages show (docs/definitions.md §9)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, QuerySet

from qinfo.core.queries import where_given
from qinfo.exams.models import (
    LITERACY_SKILLS,
    LiteracyLevel,
    LiteracyScreening,
    NationalMean,
    NationalTestResult,
    NationalTestSubject,
)
from qinfo.exams.policies import literacy_policy, national_mean_policy, national_result_policy

TWO_PLACES = Decimal("0.01")


def national_result_list(
    *,
    user: Any,
    student_id: int | None = None,
    school_id: int | None = None,
    year_be: int | None = None,
    test: str | None = None,
) -> QuerySet[NationalTestResult]:
    rows = where_given(
        national_result_policy.rows(user),
        student_id=student_id,
        school_id=school_id,
        academic_year__year_be=year_be,
        subject__test__code=test,
    )
    return rows.select_related("subject__test", "academic_year").order_by(
        "academic_year__year_be", "subject__test__grade_level", "subject__position", "student_id"
    )


def national_mean_list(
    *, user: Any, year_be: int | None = None, test: str | None = None
) -> QuerySet[NationalMean]:
    rows = where_given(national_mean_policy.rows(user), year_be=year_be, subject__test__code=test)
    return rows.select_related("subject__test").order_by(
        "year_be", "subject__test__grade_level", "subject__position"
    )


def literacy_list(
    *,
    user: Any,
    student_id: int | None = None,
    classroom_id: int | None = None,
    term_id: int | None = None,
    school_id: int | None = None,
) -> QuerySet[LiteracyScreening]:
    rows = where_given(
        literacy_policy.rows(user),
        student_id=student_id,
        classroom_id=classroom_id,
        term_id=term_id,
        school_id=school_id,
    )
    return rows.select_related("term__academic_year", "classroom").order_by(
        "term__start_date", "student_id"
    )


class MeanBook:
    """National means by subject and year; a year without its own mean falls back to the most
    recent earlier year's, which is shown with its year (the comparison says which year)."""

    def __init__(self, subject_ids: Iterable[int]) -> None:
        self._by_subject: dict[int, list[tuple[int, Decimal]]] = {}
        rows = NationalMean.objects.filter(subject_id__in=list(subject_ids)).order_by("year_be")
        for subject_id, year_be, mean in rows.values_list("subject_id", "year_be", "mean"):
            self._by_subject.setdefault(subject_id, []).append((year_be, mean))

    def mean(self, subject_id: int, year_be: int) -> tuple[Decimal | None, int | None]:
        """(mean, its year) for a subject in a year, or (None, None) when none is known."""
        found: tuple[Decimal | None, int | None] = (None, None)
        for year, mean in self._by_subject.get(subject_id, []):
            if year <= year_be:
                found = (mean, year)
        return found


# One child ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StudentTestRow:
    year_be: int
    test: str
    subject: str
    score: Decimal
    national_mean: Decimal | None
    national_mean_year: int | None


def tests_for_student(user: Any, student_id: int) -> list[StudentTestRow]:
    """A child's national test scores over the years beside the national means (two queries).
    The caller opens the child's record (``student_open``) first: this does not audit."""
    results = list(national_result_list(user=user, student_id=student_id))
    book = MeanBook({r.subject_id for r in results})
    rows = []
    for r in results:
        mean, mean_year = book.mean(r.subject_id, r.academic_year.year_be)
        rows.append(
            StudentTestRow(
                year_be=r.academic_year.year_be,
                test=r.subject.test.name_th,
                subject=r.subject.name_th,
                score=r.score,
                national_mean=mean,
                national_mean_year=mean_year,
            )
        )
    return rows


@dataclass(frozen=True)
class StudentLiteracyRow:
    term: str  # "1/2569"
    classroom: str
    levels: list[tuple[str, str, int]]  # (skill label, level label, level 1–4)


def literacy_for_student(user: Any, student_id: int) -> list[StudentLiteracyRow]:
    """A child's literacy screenings, term by term (one query)."""
    return [
        StudentLiteracyRow(
            term=f"{s.term.number}/{s.term.academic_year.year_be}",
            classroom=s.classroom.name,
            levels=[
                (str(label), str(LiteracyLevel(getattr(s, name)).label), getattr(s, name))
                for name, label in LITERACY_SKILLS
            ],
        )
        for s in literacy_list(user=user, student_id=student_id)
    ]


# Schools and classes -----------------------------------------------------------------------


@dataclass
class SubjectLine:
    """One subject of a test in one year: per school (and overall) count and mean score."""

    subject: NationalTestSubject
    national_mean: Decimal | None
    national_mean_year: int | None
    by_school: dict[int, tuple[int, Decimal]] = field(default_factory=dict)

    @property
    def overall(self) -> tuple[int, Decimal | None]:
        n = sum(count for count, _ in self.by_school.values())
        if not n:
            return 0, None
        total = sum((count * mean for count, mean in self.by_school.values()), Decimal(0))
        return n, (total / n).quantize(TWO_PLACES)


def school_means(user: Any, school_ids: Iterable[int], year_be: int) -> list[SubjectLine]:
    """Mean scores per subject and school in a year, over the results the user may see, with
    the national means: every subject of every test, in the order of the tests."""
    grouped = (
        national_result_policy.rows(user)
        .filter(school_id__in=list(school_ids), academic_year__year_be=year_be)
        .values("subject_id", "school_id")
        .annotate(n=Count("id"), mean=Avg("score"))
    )
    subjects = list(NationalTestSubject.objects.select_related("test"))
    book = MeanBook(s.pk for s in subjects)
    lines = {s.pk: SubjectLine(s, *book.mean(s.pk, year_be)) for s in subjects}
    for row in grouped:
        mean = Decimal(str(row["mean"])).quantize(TWO_PLACES)
        lines[row["subject_id"]].by_school[row["school_id"]] = (row["n"], mean)
    return list(lines.values())


@dataclass(frozen=True)
class SkillSummary:
    skill: str
    counts: list[tuple[str, int, int]]  # (level label, level, number of children)
    screened: int


def literacy_summary(screenings: Iterable[LiteracyScreening]) -> list[SkillSummary]:
    """How many children reached each level of each skill."""
    screenings = list(screenings)
    summary = []
    for name, label in LITERACY_SKILLS:
        counted = Counter(getattr(s, name) for s in screenings)
        summary.append(
            SkillSummary(
                skill=str(label),
                counts=[
                    (str(level.label), level.value, counted[level.value]) for level in LiteracyLevel
                ],
                screened=len(screenings),
            )
        )
    return summary
