"""The Excel sheet of national test results: its column layout, its template, and reading it.

The first worksheet holds one result per row under one heading row (docs/definitions.md §9):

    A  เลขประจำตัวประชาชน (national_id)    national ID or G-code   } at least one of the two;
    B  เลขประจำตัวนักเรียน (student_number)  the school's number     } both: the same child
    C  การสอบ (test)      a test code of the sheet "รหัส" (e.g. onet-p6) or its name (O-NET ป.6)
    D  วิชา (subject)     a subject code (e.g. math) or its Thai or English name
    E  คะแนน (score)      0 to 100, at most two decimals

Empty rows are skipped. The school and the academic year are chosen on upload, not in the sheet:
one upload is one school's results for one year. This module only reads cells; the rules are
checked by ``qinfo.exams.services.national_results_import``.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from qinfo.core.services import refuse
from qinfo.core.thai_id import normalise_identifier
from qinfo.enrolment.models import Enrolment
from qinfo.exams.models import NationalTestSubject
from qinfo.organisations.models import AcademicYear, School

#: (key, Thai heading) of the five columns, in order. A heading matches when it contains either.
COLUMNS = (
    ("national_id", "เลขประจำตัวประชาชน"),
    ("student_number", "เลขประจำตัวนักเรียน"),
    ("test", "การสอบ"),
    ("subject", "วิชา"),
    ("score", "คะแนน"),
)
MAX_ROWS = 20_000
MAX_BYTES = 5 * 1024 * 1024
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class SheetRow:
    """One non-empty row of the sheet, as text (the score as the cell gave it)."""

    row: int  # the row number Excel shows
    national_id: str
    student_number: str
    test: str
    subject: str
    score: Any


def cell_text(value: Any) -> str:
    """A cell as text: numbers typed into Excel (a national ID becomes 1103702488992.0) lose
    their decimal point."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _heading_matches(cell: Any, key: str, thai: str) -> bool:
    text = cell_text(cell).lower()
    return key in text or thai in text


def read_sheet(stream: IO[bytes]) -> list[SheetRow]:
    """The rows of an uploaded workbook; refuses a file that is not one or has the wrong
    headings (nothing about the rows' meaning is checked here)."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise refuse(_("The file is larger than 5 MB."), "file_too_large", "file")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise refuse(
            _("The file is not an Excel workbook (.xlsx). Start from the template."),
            "file_not_xlsx",
            "file",
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        lines = sheet.iter_rows(min_row=1, max_col=len(COLUMNS), values_only=True)
        heading = next(lines, ())
        heading = tuple(heading) + (None,) * (len(COLUMNS) - len(heading))
        if not all(
            _heading_matches(cell, key, thai)
            for cell, (key, thai) in zip(heading, COLUMNS, strict=False)
        ):
            raise refuse(
                _(
                    "The first row must hold the template's headings: national ID, student "
                    "number, test, subject, score."
                ),
                "file_headings",
                "file",
            )
        rows: list[SheetRow] = []
        for number, values in enumerate(lines, start=2):
            cells = tuple(values) + (None,) * (len(COLUMNS) - len(values))
            if all(cell_text(c) == "" for c in cells):
                continue
            if len(rows) == MAX_ROWS:
                raise refuse(
                    _("The file has more than %(n)s rows; split it.") % {"n": MAX_ROWS},
                    "file_too_many_rows",
                    "file",
                )
            national_id, number_, test, subject, score = cells[: len(COLUMNS)]
            rows.append(
                SheetRow(
                    row=number,
                    national_id=cell_text(national_id),
                    student_number=cell_text(number_),
                    test=cell_text(test),
                    subject=cell_text(subject),
                    score=score,
                )
            )
    finally:
        workbook.close()
    if not rows:
        raise refuse(_("The file has no results below its headings."), "file_empty", "file")
    return rows


def template_workbook() -> bytes:
    """An empty results sheet with its headings, and a sheet of the test and subject codes."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "ผลการสอบ"
    sheet.append([f"{thai} ({key})" for key, thai in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDE", (24, 22, 14, 26, 10), strict=True):
        sheet.column_dimensions[letter].width = width
    # National IDs and student numbers are text: Excel would otherwise drop leading zeros.
    for letter in "AB":
        for row in range(2, 1002):
            sheet[f"{letter}{row}"].number_format = "@"
    codes = book.create_sheet("รหัส")
    codes.append(["การสอบ (test)", "ชื่อการสอบ", "วิชา (subject)", "ชื่อวิชา", "subject name"])
    for cell in codes[1]:
        cell.font = Font(bold=True)
    subjects = NationalTestSubject.objects.select_related("test").order_by(
        "test__grade_level", "test__family", "position"
    )
    test_codes: list[str] = []
    for subject in subjects:
        codes.append(
            [
                subject.test.code,
                subject.test.name_th,
                subject.code,
                subject.name_th,
                subject.name_en,
            ]
        )
        if subject.test.code not in test_codes:
            test_codes.append(subject.test.code)
    for letter, width in zip("ABCDE", (12, 14, 24, 30, 36), strict=True):
        codes.column_dimensions[letter].width = width
    if test_codes:
        choice = DataValidation(type="list", formula1=f'"{",".join(test_codes)}"', allow_blank=True)
        sheet.add_data_validation(choice)
        choice.add("C2:C20000")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# Matching rows ----------------------------------------------------------------------------

HUNDREDTH = Decimal("0.01")


def parse_score(value: Any) -> Decimal | None:
    """A score of 0 to 100 with at most two decimals, or None when it is not one."""
    if value is None or isinstance(value, bool):
        return None
    try:
        score = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    if not score.is_finite() or not Decimal(0) <= score <= Decimal(100):
        return None
    if score != score.quantize(HUNDREDTH):
        return None
    return score.quantize(HUNDREDTH)


def sheet_key(text: str) -> str:
    return "".join(text.split()).casefold()


def subject_lookup() -> dict[tuple[str, str], NationalTestSubject]:
    """(test, subject) keys as a sheet may write them (codes or names, any case or spacing)."""
    found: dict[tuple[str, str], NationalTestSubject] = {}
    for subject in NationalTestSubject.objects.select_related("test"):
        test = subject.test
        for test_key in {test.code, test.name_th, test.name_en} - {""}:
            for subject_key in {subject.code, subject.name_th, subject.name_en} - {""}:
                found[sheet_key(test_key), sheet_key(subject_key)] = subject
    return found


class Roster:
    """Who was enrolled in the school in the year: by identifier and by student number."""

    def __init__(self, school: School, year: AcademicYear) -> None:
        self.by_identifier: dict[str, int] = {}
        self.by_number: dict[str, int] = {}
        self.grades: dict[int, set[int]] = {}
        for student_id, number, grade, identifier in Enrolment.objects.filter(
            school=school, academic_year=year
        ).values_list(
            "student_id", "student_number", "classroom__grade_level", "student__identifier"
        ):
            if identifier:
                self.by_identifier[identifier] = student_id
            if number:
                self.by_number[number] = student_id
            self.grades.setdefault(student_id, set()).add(grade)


def find_student(
    row: SheetRow, roster: Roster, known_elsewhere: set[str]
) -> tuple[int | None, str | None]:
    """(student id, None) or (None, the problem)."""
    identifier = normalise_identifier(row.national_id) if row.national_id else ""
    by_id = roster.by_identifier.get(identifier) if identifier else None
    by_number = roster.by_number.get(row.student_number) if row.student_number else None
    if not identifier and not row.student_number:
        return None, _("give the national ID or the student number")
    if identifier and by_id is None:
        if identifier in known_elsewhere:
            return None, _("the student with this national ID is not in this school in this year")
        return None, _("no student has this national ID")
    if row.student_number and by_number is None:
        return None, _("no student of this school has this student number in this year")
    if by_id is not None and by_number is not None and by_id != by_number:
        return None, _("the national ID and the student number are two different students")
    return by_id or by_number, None
