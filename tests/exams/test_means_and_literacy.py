"""National means as data, the literacy screening of a class, and what the child's page reads."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from qinfo.audit.models import AuditAction, AuditEvent
from qinfo.core.errors import DomainError, PermissionDenied, error_details
from qinfo.exams import selectors
from qinfo.exams.models import (
    LiteracyScreening,
    NationalMean,
    NationalTest,
    NationalTestResult,
    NationalTestSubject,
)
from qinfo.exams.selectors import literacy_for_student, school_means
from qinfo.exams.services import ScreeningInput, literacy_record, national_means_set
from qinfo.organisations.models import AcademicYear, Term
from tests.exams.conftest import ExamWorld


def test_the_migration_seeds_the_tests_and_the_published_means(db: None) -> None:
    assert list(NationalTest.objects.values_list("code", flat=True)) == [
        "rt-p1",
        "nt-p3",
        "onet-p6",
        "onet-m3",
        "onet-m6",
    ]
    assert NationalTestSubject.objects.filter(test__code="onet-m6").count() == 5
    p6 = {
        (m.year_be, m.subject.code): m.mean
        for m in NationalMean.objects.filter(subject__test__code="onet-p6").select_related(
            "subject"
        )
    }
    assert len(p6) == 20
    assert p6[2559, "thai"] == Decimal("52.98") and p6[2563, "math"] == Decimal("29.99")
    assert p6[2561, "english"] == Decimal("39.24") and p6[2562, "science"] == Decimal("35.55")
    rt = NationalMean.objects.filter(subject__test__code="rt-p1", year_be=2564)
    assert {m.subject.code: m.mean for m in rt} == {
        "reading_aloud": Decimal("69.95"),
        "reading_comprehension": Decimal("72.79"),
    }
    nt = NationalMean.objects.get(subject__test__code="nt-p3", subject__code="math")
    assert (nt.year_be, nt.mean) == (2564, Decimal("56.14"))
    assert all(
        "table 3.17" in m.source for m in NationalMean.objects.filter(subject__test__code="onet-p6")
    )


def test_an_officer_adds_a_years_means_and_corrects_one_audited(exam_world: ExamWorld) -> None:
    o = exam_world.o
    test = NationalTest.objects.get(code="nt-p3")
    national_means_set(
        actor=o.officer, test=test, year_be=2567, means={"thai": "50.5", "math": None}
    )
    national_means_set(actor=o.officer, test=test, year_be=2567, means={"thai": Decimal("51")})
    mean = NationalMean.objects.get(subject__test=test, year_be=2567)
    assert mean.subject.code == "thai" and mean.mean == Decimal("51.00")
    events = AuditEvent.objects.filter(target_type="exams.nationalmean").order_by("pk")
    assert [e.action for e in events] == [AuditAction.CREATE, AuditAction.UPDATE]
    assert events.last().changes["mean"] == ["50.50", "51.00"]  # type: ignore[union-attr]


def test_means_are_refused_whole(exam_world: ExamWorld) -> None:
    o = exam_world.o
    test = NationalTest.objects.get(code="nt-p3")
    before = (NationalMean.objects.count(), AuditEvent.objects.count())
    with pytest.raises(PermissionDenied):
        national_means_set(actor=o.registrar, test=test, year_be=2567, means={"thai": "50"})
    for means, year in (({"thai": "50", "math": "101"}, 2567), ({"thai": "50"}, 1999)):
        with pytest.raises(DomainError):
            national_means_set(actor=o.admin, test=test, year_be=year, means=means)
    with pytest.raises(DomainError):
        national_means_set(actor=o.admin, test=test, year_be=2567, means={"music": "50"})
    assert (NationalMean.objects.count(), AuditEvent.objects.count()) == before


def _entry(pk: int, *levels: int) -> ScreeningInput:
    return ScreeningInput(pk, *(levels or (4, 3, 2, 1)))


def test_a_teacher_screens_the_class_and_changes_keep_the_old_levels(
    exam_world: ExamWorld,
) -> None:
    w = exam_world
    pupil = w.p1_pupil.student_id
    literacy_record(
        actor=w.o.teacher, classroom=w.o.classroom, term=w.o.term1, entries=[_entry(pupil)]
    )
    literacy_record(
        actor=w.o.teacher,
        classroom=w.o.classroom,
        term=w.o.term1,
        entries=[_entry(pupil, 4, 4, 2, 1)],
    )
    row = LiteracyScreening.objects.get()
    assert (row.reading_aloud, row.reading_comprehension, row.word_writing, row.composition) == (
        4,
        4,
        2,
        1,
    )
    assert row.school_id == w.o.school.pk
    last = AuditEvent.objects.filter(target_type="organisations.classroom").order_by("pk").last()
    assert last is not None and last.changes["changed"] == {
        str(pupil): {"reading_comprehension": [3, 4]}
    }
    rows = literacy_for_student(w.o.teacher, pupil)
    assert [r.term for r in rows] == ["1/2569"]
    assert [level for _skill, _label, level in rows[0].levels] == [4, 4, 2, 1]


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("stranger", "student_not_enrolled"),
        ("level", "level"),
        ("twice", "duplicate_student"),
        ("empty", "empty"),
        ("p6", "literacy_grade"),
    ],
)
def test_bad_screenings_are_refused_whole(exam_world: ExamWorld, case: str, code: str) -> None:
    w = exam_world
    pupil = w.p1_pupil.student_id
    classroom = w.p6 if case == "p6" else w.o.classroom
    entries = {
        "stranger": [_entry(pupil), _entry(w.elsewhere.student_id)],
        "level": [_entry(pupil, 4, 3, 5, 1)],
        "twice": [_entry(pupil), _entry(pupil)],
        "empty": [],
        "p6": [_entry(w.p6_pupils[0].student_id)],
    }[case]
    before = AuditEvent.objects.count()
    with translation.override("en"), pytest.raises(DomainError) as caught:
        literacy_record(actor=w.o.registrar, classroom=classroom, term=w.o.term1, entries=entries)
    assert error_details(caught.value)[0]["code"] == code
    assert not LiteracyScreening.objects.exists() and AuditEvent.objects.count() == before


def test_a_term_of_another_year_or_not_begun_is_refused(exam_world: ExamWorld) -> None:
    w = exam_world
    future = w.o.term2
    future.start_date = dt.date(2027, 1, 4)
    future.save()
    next_year = AcademicYear.objects.create(
        network=w.o.network, year_be=2570, start_date=dt.date(2027, 5, 16),
        end_date=dt.date(2028, 5, 15),
    )  # fmt: skip
    other = Term.objects.create(
        academic_year=next_year, number=1, start_date=dt.date(2027, 5, 17),
        end_date=dt.date(2027, 10, 8),
    )  # fmt: skip
    for term, code in ((future, "term_future"), (other, "term_year")):
        with pytest.raises(DomainError) as caught:
            literacy_record(
                actor=w.o.registrar,
                classroom=w.o.classroom,
                term=term,
                entries=[_entry(w.p1_pupil.student_id)],
            )
        assert error_details(caught.value)[0]["code"] == code
    assert not LiteracyScreening.objects.exists()


def test_only_the_class_teachers_and_the_school_may_screen(exam_world: ExamWorld) -> None:
    w = exam_world
    for actor in (w.o.outsider, w.o.officer):
        with pytest.raises(PermissionDenied):
            literacy_record(
                actor=actor,
                classroom=w.o.classroom,
                term=w.o.term1,
                entries=[_entry(w.p1_pupil.student_id)],
            )
    assert not LiteracyScreening.objects.exists()


def test_the_childs_tests_come_with_the_national_mean_and_its_year(
    exam_world: ExamWorld, django_assert_max_num_queries: object
) -> None:
    w = exam_world
    a = w.p6_pupils[0]
    math = NationalTestSubject.objects.get(test__code="onet-p6", code="math")
    NationalTestResult.objects.create(
        student=a.student, subject=math, academic_year=w.o.year, school=w.o.school, score=40
    )
    w.o.officer.refresh_from_db()
    with django_assert_max_num_queries(4):  # type: ignore[operator]
        rows = selectors.tests_for_student(w.o.officer, a.student_id)
    assert [
        (r.year_be, r.subject, r.score, r.national_mean, r.national_mean_year) for r in rows
    ] == [(2569, "คณิตศาสตร์", Decimal("40.00"), Decimal("29.99"), 2563)]
    assert selectors.tests_for_student(w.o.outsider, a.student_id) == []
    lines = {line.subject.pk: line for line in school_means(w.o.officer, [w.o.school.pk], 2569)}
    assert lines[math.pk].by_school == {w.o.school.pk: (1, Decimal("40.00"))}
    assert lines[math.pk].overall == (1, Decimal("40.00"))
