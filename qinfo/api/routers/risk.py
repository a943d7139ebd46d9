"""REST API of the early warning (docs/definitions.md §16, §19): the rules in use (reference data
every signed-in user reads), the scores (they follow the child; a score names no one, so analysts
get the same schema, as with SDQ screenings), and asking for a scoring now (officers and
administrators; the worker runs it)."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from qinfo.alerts.tasks import score_later
from qinfo.api.auth import actor
from qinfo.api.errors import answers
from qinfo.api.listing import IsoDate, Paged, RowId, rows_of
from qinfo.api.schemas import Out
from qinfo.risk.models import Level, RiskRule
from qinfo.risk.rules import active_ruleset
from qinfo.risk.selectors import score_list

router = Router(tags=["early warning"])


class RuleOut(Out):
    id: int
    version: int
    code: str
    label_th: str
    label_en: str
    indicator: str
    operator: str
    threshold: float
    severity: str
    dimension: str
    hard: bool
    enabled: bool

    @staticmethod
    def resolve_version(obj: Any) -> int:
        return int(obj.ruleset.version)


class ScoreOut(Out):
    id: int
    student_id: int
    school_id: int
    classroom_id: int | None
    as_of: dt.date
    level: str
    probability: float | None
    ruleset_version: int
    model_id: int | None
    #: The rules that fired: code, labels, indicator, operator, threshold, value, severity, …
    fired: list[dict[str, Any]]
    #: What raised (effect > 0) or lowered the model's probability.
    factors: list[dict[str, Any]]
    #: The indicator values the judgement used (null: unknown).
    indicators: dict[str, float | None]

    @staticmethod
    def resolve_ruleset_version(obj: Any) -> int:
        return int(obj.ruleset.version)


class RunOut(Out):
    id: int
    as_of: dt.date
    status: str
    step: str
    done: int
    total: int
    message: str
    task_id: str


class ScoreNowIn(Schema):
    #: As of this date (today, or a day before: not a future one).
    as_of: IsoDate


@router.get(
    "/risk/rules",
    response=answers(list[RuleOut]),
    openapi_extra=rows_of("reference"),
)
@paginate(Paged)
def risk_rules(request: HttpRequest, version: RowId | None = None) -> Any:
    """The rules of the version in use, or of ``version`` (none for a version that does not
    exist), in their stored order."""
    actor(request)
    rules = RiskRule.objects.select_related("ruleset").order_by("pk")
    if version is None:
        return rules.filter(ruleset=active_ruleset())
    return rules.filter(ruleset__version=version)


@router.get(
    "/risk/scores",
    response=answers(list[ScoreOut]),
    openapi_extra=rows_of("student", key="student_id"),
)
@paginate(Paged)
def risk_scores(
    request: HttpRequest,
    student: RowId | None = None,
    school: RowId | None = None,
    classroom: RowId | None = None,
    as_of: IsoDate | None = None,
    level: Level | None = None,
) -> Any:
    """Scores of the children the caller may see, newest day first."""
    return score_list(
        user=actor(request),
        student_id=student,
        school_id=school,
        classroom_id=classroom,
        as_of=as_of,
        level=level.value if level is not None else None,
    )


@router.post("/risk/score-now", response=answers(RunOut, 403, 404))
def risk_score_now(request: HttpRequest, body: ScoreNowIn) -> Any:
    """Queues a scoring of the network (officers and administrators); the worker runs it and
    its progress shows on the scoring page."""
    return score_later(actor=actor(request), as_of=body.as_of)
