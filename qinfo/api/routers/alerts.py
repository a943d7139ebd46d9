"""REST API of the early warning's alerts (docs/definitions.md §18).

GET /alerts lists the alerts about the children the caller may see; GET /watchlist the caller's
watchlist (the latest day's scores at risk or problem, by role), each row with its reasons in
words. POST /alerts/{id}/acknowledge | actions | resolve | dismiss go through the same services as
the pages: an alert the caller cannot see answers 404, one they see but may not work 403, a
refusal (no reason, a closed alert) 422; nothing is written in any of these cases. Analysts get
de-identified rows: no names, no free text, no owners.
"""

import datetime as dt
from dataclasses import asdict
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from qinfo.alerts import selectors, services
from qinfo.alerts.policies import alert_policy
from qinfo.alerts.reasons import reasons
from qinfo.api.auth import actor
from qinfo.api.errors import answers
from qinfo.api.listing import Paged, RowId, Shaped, rows_of
from qinfo.api.schemas import NOTHING_ELSE, Deidentified, Out, _either
from qinfo.core.policy import Action
from qinfo.enrolment.policies import student_policy

router = Router(tags=["alerts"])

Status = Annotated[str, Field(pattern=r"^(open|none|new|acknowledged|acting|resolved|dismissed)$")]
Sort = Annotated[str, Field(pattern=r"^-?(level|name|class|attendance|date)$")]
Choice = Annotated[str, Field(pattern=r"^[a-z_]{0,20}$")]


class ReasonOut(Schema):
    text: str = Field(description="The indicator and its value in words.")
    rule: str = Field(description="The label of the rule that fired.")
    dimension: str
    severity: str
    hard: bool


def _reasons(fired: Any) -> list[dict[str, Any]]:
    return [asdict(r) for r in reasons(fired or [])]


class _AlertCommon(Out):
    id: int
    student_id: int
    school_id: int
    classroom_id: int | None
    status: str
    trigger: str
    level: str
    opened_on: dt.date
    escalated: bool
    acknowledged_at: dt.datetime | None
    closed_at: dt.datetime | None
    reasons: list[ReasonOut]

    @staticmethod
    def resolve_escalated(obj: Any) -> bool:
        return obj.escalated_at is not None

    @staticmethod
    def resolve_reasons(obj: Any) -> list[dict[str, Any]]:
        return _reasons(obj.reasons)


class AlertDeidentifiedOut(_AlertCommon, Deidentified):
    model_config = NOTHING_ELSE


class AlertOut(_AlertCommon):
    student_name: str
    owner_id: int | None
    escalated_to_id: int | None
    close_reason: str

    @staticmethod
    def resolve_student_name(obj: Any) -> str:
        return str(obj.student.full_name_th)


AlertItem = _either("AlertItem", AlertOut, AlertDeidentifiedOut)


@router.get(
    "/alerts",
    response=answers(list[AlertItem]),  # type: ignore[valid-type]
    openapi_extra=rows_of("student", key="student_id"),
    summary="Alerts about the children the caller may see",
)
@paginate(Paged)
def alert_list(
    request: HttpRequest,
    status: Status | None = None,
    student: RowId | None = None,
    school: RowId | None = None,
    mine: bool = False,
) -> Any:
    user = actor(request)
    rows = selectors.alert_list(
        user, status=status, student_id=student, school_id=school, mine=mine
    ).order_by("pk")
    hidden = student_policy.deidentified(user)
    return Shaped(rows, AlertDeidentifiedOut if hidden else AlertOut)


class _WatchCommon(Out):
    student_id: int
    school_id: int
    classroom_id: int | None
    level: str
    as_of: dt.date
    attendance_rate: float | None = Field(description="Attendance this term, per cent.")
    reasons: list[ReasonOut]
    alert_id: int | None
    alert_status: str
    escalated: bool

    @staticmethod
    def resolve_attendance_rate(obj: Any) -> float | None:
        return obj.attendance

    @staticmethod
    def resolve_reasons(obj: Any) -> list[dict[str, Any]]:
        return [asdict(r) for r in obj.reasons]


class WatchDeidentifiedOut(_WatchCommon, Deidentified):
    model_config = NOTHING_ELSE


class WatchOut(_WatchCommon):
    student_name: str
    classroom: str

    @staticmethod
    def resolve_student_name(obj: Any) -> str:
        return str(obj.name)


WatchItem = _either("WatchItem", WatchOut, WatchDeidentifiedOut)


@router.get(
    "/watchlist",
    response=answers(list[WatchItem]),  # type: ignore[valid-type]
    openapi_extra=rows_of("student", key="student_id"),
    summary="The caller's watchlist: the latest scores at risk or problem",
)
@paginate(Paged)
def watchlist(
    request: HttpRequest,
    level: Choice | None = None,
    dimension: Choice | None = None,
    school: RowId | None = None,
    classroom: RowId | None = None,
    status: Status | None = None,
    sort: Sort = "level",
) -> Any:
    user = actor(request)
    filters = {
        "level": level or "",
        "dimension": dimension or "",
        "school": str(school or ""),
        "classroom": str(classroom or ""),
        "status": status or "",
    }
    found = selectors.watchlist(user, filters=filters, sort=sort)
    schema = WatchDeidentifiedOut if found.deidentified else WatchOut
    return [schema.from_orm(row) for row in found.rows]


# Transitions -----------------------------------------------------------------------------------


class ActionIn(Schema):
    text: str = Field(description="What was done (required, at most 2,000 characters).")


class ReasonIn(Schema):
    reason: str = Field(description="Why the alert is closed (required, at most 2,000 characters).")


def _alert(request: HttpRequest, alert_id: int) -> Any:
    return alert_policy.get(actor(request), alert_id, Action.VIEW)


def _answer(alert: Any) -> AlertOut:
    return AlertOut.from_orm(alert)


@router.post(
    "/alerts/{id}/acknowledge",
    response=answers(AlertOut, 403, 404),
    summary="Acknowledge an alert",
)
def acknowledge(request: HttpRequest, id: RowId) -> Any:
    alert = services.alert_acknowledge(actor=actor(request), alert=_alert(request, id))
    return _answer(alert)


@router.post(
    "/alerts/{id}/actions",
    response=answers(AlertOut, 403, 404),
    summary="Record an action taken on an alert",
)
def record_action(request: HttpRequest, id: RowId, payload: ActionIn) -> Any:
    alert = services.alert_record_action(
        actor=actor(request), alert=_alert(request, id), text=payload.text
    )
    return _answer(alert)


@router.post(
    "/alerts/{id}/resolve", response=answers(AlertOut, 403, 404), summary="Resolve an alert"
)
def resolve(request: HttpRequest, id: RowId, payload: ReasonIn) -> Any:
    return _close(services.alert_resolve, request, id, payload)


@router.post(
    "/alerts/{id}/dismiss", response=answers(AlertOut, 403, 404), summary="Dismiss an alert"
)
def dismiss(request: HttpRequest, id: RowId, payload: ReasonIn) -> Any:
    return _close(services.alert_dismiss, request, id, payload)


def _close(service: Any, request: HttpRequest, id: int, payload: ReasonIn) -> AlertOut:
    """Resolve or dismiss: the same call, a reason required by the service."""
    return _answer(service(actor=actor(request), alert=_alert(request, id), reason=payload.reason))
