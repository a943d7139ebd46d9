"""The grade book (docs/definitions.md §8): a course's items and scores, results computed from
them, decisions on proposed มส, make-ups, and ratings. Writes go through the same services as the
pages; a row the caller may not see answers 404, one they may see but not change 403."""

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from qinfo.api.auth import actor
from qinfo.api.errors import answers
from qinfo.api.listing import Paged, RowId, rows_of
from qinfo.api.schemas import Out, ResultOut
from qinfo.assessment import entry
from qinfo.assessment.models import CourseResult, ItemKind, Trait
from qinfo.assessment.policies import course_result_policy
from qinfo.assessment.selectors import item_score_list, rating_list
from qinfo.assessment.services import (
    course_result_make_up,
    course_results_compute,
    special_mark_decide,
)
from qinfo.core.errors import NotFound
from qinfo.organisations.models import Classroom, Course, Term
from qinfo.organisations.policies import classroom_policy

router = Router(tags=["grade book"])

WRITE = (403, 404, 422)


class ItemIn(Schema):
    id: RowId | None = None
    name: str
    kind: ItemKind
    weight: Decimal
    max_score: Decimal


class ItemsIn(Schema):
    items: list[ItemIn]


class ItemOut(Out):
    id: int
    course_id: int
    classroom_id: int
    position: int
    name: str
    kind: str
    weight: float
    max_score: float

    @staticmethod
    def resolve_classroom_id(obj: Any) -> int:
        return int(obj.course.classroom_id)


class ScoreIn(Schema):
    student_id: RowId
    item_id: RowId
    score: Decimal | None


class ScoresIn(Schema):
    scores: list[ScoreIn]
    #: Also compute the course's results from the scores (§8) after saving them.
    compute: bool = False


class ScoresOut(Schema):
    changed: int
    results: list[ResultOut]


class ItemScoreOut(Out):
    """Scores name no one, so analysts get the same schema. The item's name, weight and maximum
    come with each score (items are defined with POST /courses/{course_id}/items)."""

    id: int
    student_id: int
    item_id: int
    course_id: int
    item_name: str
    item_weight: float
    item_max_score: float
    school_id: int
    score: float

    @staticmethod
    def resolve_course_id(obj: Any) -> int:
        return int(obj.item.course_id)

    @staticmethod
    def resolve_item_name(obj: Any) -> str:
        return str(obj.item.name)

    @staticmethod
    def resolve_item_weight(obj: Any) -> float:
        return float(obj.item.weight)

    @staticmethod
    def resolve_item_max_score(obj: Any) -> float:
        return float(obj.item.max_score)


class DecisionIn(Schema):
    confirm: bool
    reason: str = ""


class MakeUpIn(Schema):
    score: Decimal
    reason: str


class RatingIn(Schema):
    student_id: RowId
    trait: Trait
    level: int


class RatingsIn(Schema):
    term_id: RowId
    ratings: list[RatingIn]


class RatingsOut(Schema):
    changed: int


class RatingOut(Out):
    id: int
    student_id: int
    term_id: int
    classroom_id: int
    school_id: int
    trait: str
    level: int


def _course(user: Any, course_id: int) -> Course:
    try:
        return Course.objects.select_related("classroom", "term", "subject", "teacher").get(
            pk=course_id, classroom__in=classroom_policy.rows(user)
        )
    except Course.DoesNotExist as exc:
        raise NotFound(f"course {course_id}") from exc


def _results(course: Course, user: Any) -> list[CourseResult]:
    return list(
        course_result_policy.rows(user)
        .filter(course=course)
        .select_related("course__subject", "term__academic_year")
        .order_by("student_id")
    )


@router.post("/courses/{course_id}/items", response=answers(list[ItemOut], *WRITE))
def define_items(request: HttpRequest, course_id: RowId, body: ItemsIn) -> Any:
    user = actor(request)
    course = _course(user, course_id)
    items = [entry.ItemInput(i.name, i.kind.value, i.weight, i.max_score, i.id) for i in body.items]
    return entry.assessment_items_define(actor=user, course=course, items=items)


@router.post("/courses/{course_id}/scores", response=answers(ScoresOut, *WRITE))
def record_scores(request: HttpRequest, course_id: RowId, body: ScoresIn) -> Any:
    user = actor(request)
    course = _course(user, course_id)
    scores = [entry.ScoreInput(s.student_id, s.item_id, s.score) for s in body.scores]
    changed = entry.item_scores_record(actor=user, course=course, scores=scores)
    if body.compute:
        course_results_compute(actor=user, course=course)
    return {"changed": changed, "results": _results(course, user) if body.compute else []}


@router.post("/courses/{course_id}/results", response=answers(list[ResultOut], *WRITE))
def compute_results(request: HttpRequest, course_id: RowId) -> Any:
    user = actor(request)
    course = _course(user, course_id)
    course_results_compute(actor=user, course=course)
    return _results(course, user)


def _result(user: Any, result_id: int) -> CourseResult:
    rows = course_result_policy.rows(user).select_related(
        "course__classroom", "course__teacher", "course__subject", "term__academic_year"
    )
    try:
        return rows.get(pk=result_id)
    except CourseResult.DoesNotExist as exc:
        raise NotFound(f"result {result_id}") from exc


@router.post("/results/{result_id}/decision", response=answers(ResultOut, *WRITE))
def decide(request: HttpRequest, result_id: RowId, body: DecisionIn) -> Any:
    user = actor(request)
    result = _result(user, result_id)
    return special_mark_decide(actor=user, result=result, confirm=body.confirm, reason=body.reason)


@router.post("/results/{result_id}/make-up", response=answers(ResultOut, *WRITE))
def make_up(request: HttpRequest, result_id: RowId, body: MakeUpIn) -> Any:
    user = actor(request)
    result = _result(user, result_id)
    return course_result_make_up(actor=user, result=result, score=body.score, reason=body.reason)


@router.post("/classrooms/{classroom_id}/ratings", response=answers(RatingsOut, *WRITE))
def record_ratings(request: HttpRequest, classroom_id: RowId, body: RatingsIn) -> Any:
    user = actor(request)
    classroom: Classroom = classroom_policy.get(user, classroom_id)
    term = Term.objects.filter(pk=body.term_id).first()
    if term is None:
        raise NotFound(f"term {body.term_id}")
    ratings = [entry.RatingInput(r.student_id, r.trait.value, r.level) for r in body.ratings]
    changed = entry.ratings_record(actor=user, classroom=classroom, term=term, ratings=ratings)
    return {"changed": changed}


@router.get(
    "/item-scores",
    response=answers(list[ItemScoreOut]),
    openapi_extra=rows_of("student", key="student_id"),
)
@paginate(Paged)
def item_scores(
    request: HttpRequest,
    student: RowId | None = None,
    course: RowId | None = None,
    item: RowId | None = None,
    school: RowId | None = None,
) -> Any:
    return item_score_list(
        user=actor(request), student_id=student, course_id=course, item_id=item, school_id=school
    )


@router.get(
    "/ratings",
    response=answers(list[RatingOut]),
    openapi_extra=rows_of("student", key="student_id"),
)
@paginate(Paged)
def ratings(
    request: HttpRequest,
    student: RowId | None = None,
    term: RowId | None = None,
    classroom: RowId | None = None,
    trait: Trait | None = None,
) -> Any:
    return rating_list(
        user=actor(request),
        student_id=student,
        term_id=term,
        classroom_id=classroom,
        trait=trait.value if trait is not None else None,
    )
