"""National tests and literacy (docs/definitions.md §9): results and screenings follow the child;
national means are reference data every signed-in user reads. Writes go through the same services
as the pages: the Excel import (multipart), a class's literacy screenings, a year's national
means. A row the caller may not see answers 404, one they may see but not change 403."""

from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate

from qinfo.api.auth import actor
from qinfo.api.errors import answers
from qinfo.api.listing import Paged, RowId, SearchText, rows_of
from qinfo.api.schemas import InTermOut, InYearOut, Out
from qinfo.core.errors import NotFound
from qinfo.exams.imports import read_sheet
from qinfo.exams.models import NationalTest
from qinfo.exams.selectors import literacy_list, national_mean_list, national_result_list
from qinfo.exams.services import (
    ScreeningInput,
    literacy_record,
    national_means_set,
    national_results_import,
)
from qinfo.organisations.models import Classroom, Term
from qinfo.organisations.policies import classroom_policy, school_policy

router = Router(tags=["national tests and literacy"])

WRITE = (403, 404, 422)

#: An academic year, Buddhist Era.
YearBE = Annotated[int, Field(ge=2500, le=2700)]


class NationalResultOut(InYearOut):
    """Scores name no one, so analysts get the same schema."""

    id: int
    student_id: int
    school_id: int
    academic_year: int
    test: str
    subject: str
    score: float

    @staticmethod
    def resolve_test(obj: Any) -> str:
        return str(obj.subject.test.code)

    @staticmethod
    def resolve_subject(obj: Any) -> str:
        return str(obj.subject.code)


class NationalMeanOut(Out):
    id: int
    academic_year: int
    test: str
    subject: str
    mean: float
    source: str

    @staticmethod
    def resolve_academic_year(obj: Any) -> int:
        return int(obj.year_be)

    @staticmethod
    def resolve_test(obj: Any) -> str:
        return str(obj.subject.test.code)

    @staticmethod
    def resolve_subject(obj: Any) -> str:
        return str(obj.subject.code)


class LiteracyOut(InTermOut):
    """Levels name no one, so analysts get the same schema."""

    id: int
    student_id: int
    term_id: int
    term: int
    academic_year: int
    classroom_id: int
    school_id: int
    reading_aloud: int
    reading_comprehension: int
    word_writing: int
    composition: int


class ImportOut(Schema):
    rows: int
    created: int
    updated: int
    unchanged: int


class ScreeningIn(Schema):
    student_id: RowId
    reading_aloud: int
    reading_comprehension: int
    word_writing: int
    composition: int


class ScreeningsIn(Schema):
    term_id: RowId
    entries: list[ScreeningIn]


class SavedOut(Schema):
    saved: int


class MeansIn(Schema):
    test: str
    academic_year: int
    #: subject code → national mean (0–100)
    means: dict[str, Decimal]
    source: str = ""


@router.get(
    "/national-test-results",
    response=answers(list[NationalResultOut]),
    openapi_extra=rows_of("student", key="student_id"),
)
@paginate(Paged)
def national_test_results(
    request: HttpRequest,
    student: RowId | None = None,
    school: RowId | None = None,
    academic_year: YearBE | None = None,
    test: SearchText | None = None,
) -> Any:
    return national_result_list(
        user=actor(request), student_id=student, school_id=school, year_be=academic_year, test=test
    )


@router.get(
    "/national-means",
    response=answers(list[NationalMeanOut]),
    openapi_extra=rows_of("reference"),
)
@paginate(Paged)
def national_means(
    request: HttpRequest, academic_year: YearBE | None = None, test: SearchText | None = None
) -> Any:
    return national_mean_list(user=actor(request), year_be=academic_year, test=test)


@router.get(
    "/literacy-screenings",
    response=answers(list[LiteracyOut]),
    openapi_extra=rows_of("student", key="student_id"),
)
@paginate(Paged)
def literacy_screenings(
    request: HttpRequest,
    student: RowId | None = None,
    classroom: RowId | None = None,
    term: RowId | None = None,
    school: RowId | None = None,
) -> Any:
    return literacy_list(
        user=actor(request),
        student_id=student,
        classroom_id=classroom,
        term_id=term,
        school_id=school,
    )


@router.post("/national-test-results/import", response=answers(ImportOut, *WRITE))
def import_results(
    request: HttpRequest,
    school: Form[RowId],
    academic_year: Form[YearBE],
    file: File[UploadedFile],
) -> Any:
    """One school's results of one academic year from the Excel template (multipart form:
    ``school``, ``academic_year`` (BE), ``file``). Any bad row refuses the whole file (422)."""
    user = actor(request)
    chosen = school_policy.get(user, school)
    rows = read_sheet(file)
    summary = national_results_import(
        actor=user, school=chosen, year_be=academic_year, rows=rows, file_name=file.name or ""
    )
    return summary.__dict__


@router.post("/classrooms/{classroom_id}/literacy-screenings", response=answers(SavedOut, *WRITE))
def record_literacy(request: HttpRequest, classroom_id: RowId, body: ScreeningsIn) -> Any:
    user = actor(request)
    classroom: Classroom = classroom_policy.get(user, classroom_id)
    term = Term.objects.filter(pk=body.term_id).first()
    if term is None:
        raise NotFound(f"term {body.term_id}")
    entries = [
        ScreeningInput(
            e.student_id, e.reading_aloud, e.reading_comprehension, e.word_writing, e.composition
        )
        for e in body.entries
    ]
    saved = literacy_record(actor=user, classroom=classroom, term=term, entries=entries)
    return {"saved": len(saved)}


@router.post("/national-means", response=answers(list[NationalMeanOut], *WRITE))
def set_national_means(request: HttpRequest, body: MeansIn) -> Any:
    """A year's national means of one test, by subject code (officers and administrators)."""
    test = NationalTest.objects.filter(code=body.test).first()
    if test is None:
        raise NotFound(f"test {body.test}")
    return national_means_set(
        actor=actor(request),
        test=test,
        year_be=body.academic_year,
        means=dict(body.means),
        source=body.source,
    )
