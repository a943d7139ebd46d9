"""The Excel import of national test results: all rows or none, with row-numbered reasons."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from qinfo.audit.models import AuditAction, AuditEvent
from qinfo.core.errors import DomainError, PermissionDenied, error_details
from qinfo.exams.imports import read_sheet, template_workbook
from qinfo.exams.models import NationalTestResult
from qinfo.exams.services import national_results_import, parse_score
from tests.exams.conftest import ExamWorld, xlsx


def run(w: ExamWorld, rows: list[list[Any]], actor: Any = None, year: int = 2569) -> Any:
    return national_results_import(
        actor=actor or w.o.registrar,
        school=w.o.school,
        year_be=year,
        rows=read_sheet(xlsx(rows)),
        file_name="results.xlsx",
    )


def refusal(w: ExamWorld, rows: list[list[Any]], **kwargs: Any) -> list[str]:
    """The messages of a refused import, in English; asserts nothing was written."""
    before = (NationalTestResult.objects.count(), AuditEvent.objects.count())
    with translation.override("en"), pytest.raises(DomainError) as caught:
        run(w, rows, **kwargs)
    with translation.override("en"):
        messages = [e["message"] for e in error_details(caught.value)]
    assert (NationalTestResult.objects.count(), AuditEvent.objects.count()) == before
    return messages


def test_a_whole_sheet_is_imported_in_one_audited_transaction(exam_world: ExamWorld) -> None:
    w = exam_world
    a, b, c = w.p6_pupils
    summary = run(
        w,
        [
            [int(a.student.identifier), None, "onet-p6", "math", 41.5],
            [None, "6002", "O-NET ป.6", "ภาษาไทย", "55"],
            [c.student.identifier, "6003", "ONET-P6", "English", 38],
            [],  # empty rows are skipped
            [None, "1001", "rt-p1", "reading_aloud", 70.25],
        ],
    )
    assert (summary.rows, summary.created, summary.updated) == (4, 4, 0)
    scores = {
        (r.student_id, r.subject.code): r.score
        for r in NationalTestResult.objects.select_related("subject")
    }
    assert scores == {
        (a.student_id, "math"): Decimal("41.50"),
        (b.student_id, "thai"): Decimal("55.00"),
        (c.student_id, "english"): Decimal("38.00"),
        (w.p1_pupil.student_id, "reading_aloud"): Decimal("70.25"),
    }
    assert set(NationalTestResult.objects.values_list("school_id", flat=True)) == {w.o.school.pk}
    events = AuditEvent.objects.filter(action=AuditAction.IMPORT)
    assert events.count() == 1
    assert events.get().school_id == w.o.school.pk and events.get().changes["new"] == 4


def test_importing_again_replaces_scores_and_keeps_the_old_ones_in_the_audit(
    exam_world: ExamWorld,
) -> None:
    w = exam_world
    a = w.p6_pupils[0]
    run(
        w,
        [[a.student.identifier, "", "onet-p6", "math", 40], [None, "6002", "onet-p6", "math", 50]],
    )
    summary = run(
        w,
        [[a.student.identifier, "", "onet-p6", "math", 44], [None, "6002", "onet-p6", "math", 50]],
    )
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 1)
    assert NationalTestResult.objects.get(student=a.student).score == Decimal("44.00")
    last = AuditEvent.objects.filter(action=AuditAction.IMPORT).order_by("pk").last()
    assert last is not None
    assert list(last.changes["changed"].values()) == [["40.00", "44.00"]]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (["1103799999990", "", "onet-p6", "math", 40], "no student has this national ID"),
        (["", "9999", "onet-p6", "math", 40], "no student of this school has this student number"),
        (["", "", "onet-p6", "math", 40], "give the national ID or the student number"),
        (["", "6001", "onet-p6", "math", 101], "the score must be a number from 0 to 100"),
        (["", "6001", "onet-p6", "math", -1], "the score must be a number from 0 to 100"),
        (["", "6001", "onet-p6", "math", "สี่สิบ"], "the score must be a number from 0 to 100"),
        (["", "6001", "onet-p6", "math", 40.125], "at most two decimals"),
        (["", "6001", "onet-p6", "", 40], "unknown test or subject"),
        (["", "6001", "onet-p6", "ดนตรี", 40], "unknown test or subject"),
        (["", "6001", "pisa", "math", 40], "unknown test or subject"),
        (["", "1001", "onet-p6", "math", 40], "was not in P6 in this year"),
    ],
)
def test_one_bad_row_refuses_the_whole_file(
    exam_world: ExamWorld, row: list[Any], expected: str
) -> None:
    good = [exam_world.p6_pupils[1].student.identifier, "", "onet-p6", "math", 40]
    messages = refusal(exam_world, [good, row])
    assert len(messages) == 1
    assert messages[0].startswith("Row 3: ") and expected in messages[0], messages


def test_a_student_of_another_school_is_refused(exam_world: ExamWorld) -> None:
    elsewhere = exam_world.elsewhere.student.identifier
    messages = refusal(exam_world, [[elsewhere, "", "rt-p1", "reading_aloud", 60]])
    assert messages == [
        "Row 2: the student with this national ID is not in this school in this year."
    ]


def test_the_id_and_the_number_must_name_the_same_student(exam_world: ExamWorld) -> None:
    a = exam_world.p6_pupils[0].student.identifier
    messages = refusal(exam_world, [[a, "6002", "onet-p6", "math", 40]])
    assert "two different students" in messages[0]


def test_a_duplicate_row_names_the_first(exam_world: ExamWorld) -> None:
    a = exam_world.p6_pupils[0]
    messages = refusal(
        exam_world,
        [
            [a.student.identifier, "", "onet-p6", "math", 40],
            ["", "6001", "O-NET ป.6", "คณิตศาสตร์", 41],
        ],
    )
    assert messages == ["Row 3: the same student and subject already appear in row 2."]


def test_every_bad_row_is_listed(exam_world: ExamWorld) -> None:
    rows = [["", "6001", "onet-p6", "math", 200 + n] for n in range(60)]
    messages = refusal(exam_world, rows)
    assert messages[0].startswith("Row 2: ") and messages[49].startswith("Row 51: ")
    assert messages[50] == "… and 10 more rows with problems."


def test_only_the_schools_writers_and_the_network_may_import(exam_world: ExamWorld) -> None:
    w = exam_world
    row = [["", "6001", "onet-p6", "math", 40]]
    for actor in (w.o.teacher, w.o.outsider):
        with pytest.raises(PermissionDenied):
            run(w, row, actor=actor)
    assert not NationalTestResult.objects.exists()
    assert run(w, row, actor=w.o.officer).created == 1


def test_a_year_the_network_does_not_have_is_refused(exam_world: ExamWorld) -> None:
    messages = refusal(exam_world, [["", "6001", "onet-p6", "math", 40]], year=2560)
    assert messages == ["This school has no academic year 2560."]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"not a workbook at all", "not an Excel workbook"),
        (
            xlsx([["", "6001", "onet-p6", "math", 40]], headings=["a", "b", "c", "d", "e"]),
            "headings",
        ),
        (xlsx([]), "no results below its headings"),
    ],
)
def test_a_file_that_is_not_the_template_is_refused(content: Any, expected: str) -> None:
    stream = io.BytesIO(content) if isinstance(content, bytes) else content
    with translation.override("en"), pytest.raises(DomainError) as caught:
        read_sheet(stream)
    with translation.override("en"):
        assert expected in error_details(caught.value)[0]["message"]


def test_the_template_reads_back_as_an_empty_sheet_with_its_codes(db: None) -> None:

    content = template_workbook()
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["ผลการสอบ", "รหัส"]
    codes = {(row[0], row[2]) for row in book["รหัส"].iter_rows(min_row=2, values_only=True)}
    assert ("onet-p6", "math") in codes and ("rt-p1", "reading_comprehension") in codes
    with translation.override("en"), pytest.raises(DomainError) as caught:
        read_sheet(io.BytesIO(content))
    assert error_details(caught.value)[0]["code"] == "file_empty"


def _oracle(text: str) -> Decimal | None:
    """Obviously right: a number 0–100 whose hundredths are all it has."""
    try:
        value = Decimal(text)
    except ArithmeticError:
        return None
    if not value.is_finite() or value < 0 or value > 100:
        return None
    return value if value * 100 == int(value * 100) else None


@given(st.decimals(min_value=-50, max_value=150, places=3, allow_nan=False))
def test_scores_follow_the_oracle(value: Decimal) -> None:
    expected = _oracle(str(value))
    got = parse_score(str(value))
    assert (got is None) == (expected is None)
    if expected is not None:
        assert got == expected
    assert parse_score(True) is None and parse_score(None) is None
