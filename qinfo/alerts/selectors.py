"""Reads about alerts: the inbox, one child's alerts, the watchlists (docs/definitions.md §18).

Every read goes through ``alert_policy`` / ``notification_policy`` or, for the watchlists, the
student policy: a row about a child the user may not see is never read.

The watchlist is the latest day's scores at risk or problem, by role: a teacher's classes (the
classes they teach this year), a director's or registrar's school, an officer's or analyst's
network, everything for an administrator (a person with several roles gets the union).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, JSONField, Max, Q, QuerySet, Value
from django.db.models.fields.json import KT

from qinfo.alerts.models import OPEN_STATUSES, Alert, AlertStatus, Notification
from qinfo.alerts.policies import alert_policy, notification_policy
from qinfo.alerts.reasons import Reason, reasons
from qinfo.core.policy import Action
from qinfo.core.thai_sort import thai_sorted_by
from qinfo.enrolment.policies import scope_by_student, student_policy
from qinfo.organisations.models import classroom_name
from qinfo.organisations.scope import scope_for
from qinfo.people.models import thai_full_name
from qinfo.risk.models import Level, RiskScore
from qinfo.riskmodel.rules import RANK

OPEN = [str(s) for s in OPEN_STATUSES]
WATCHED = [Level.AT_RISK.value, Level.PROBLEM.value]
SORTS = ("level", "name", "class", "attendance", "date")
#: Alert-status filter values besides the statuses: "open" (any open one), "none" (no alert).
STATUS_FILTERS = ("open", "none", "new", "acknowledged", "acting", "resolved", "dismissed")


def alert_list(
    user: Any,
    *,
    status: str | None = None,
    student_id: int | None = None,
    school_id: int | None = None,
    mine: bool = False,
) -> QuerySet[Alert]:
    rows = alert_policy.rows(user)
    if status == "open":
        rows = rows.filter(status__in=OPEN)
    elif status:
        rows = rows.filter(status=status)
    if student_id is not None:
        rows = rows.filter(student_id=student_id)
    if school_id is not None:
        rows = rows.filter(school_id=school_id)
    if mine:
        rows = rows.filter(Q(owner=user) | Q(escalated_to=user))
    return rows.select_related("student", "school", "classroom").order_by("-opened_at", "-pk")


def my_open_alerts(user: Any) -> QuerySet[Alert]:
    """The open alerts the user owns or that were escalated to them."""
    return alert_list(user, status="open", mine=True)


def inbox(user: Any, limit: int = 50) -> QuerySet[Notification]:
    return (
        notification_policy.rows(user)
        .filter(channel="inbox")
        .select_related("alert__student", "alert__classroom", "alert__school")
        .order_by("-created_at", "-pk")[:limit]
    )


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return (
        Notification.objects.filter(recipient=user, channel="inbox", read_at__isnull=True)
        .filter(alert__status__in=OPEN)
        .count()
    )


@dataclass(frozen=True)
class ChildAlerts:
    chosen: Alert | None
    alerts: list[Alert]
    may_act: bool


def alerts_of_child(user: Any, student_id: int, alert_id: int | None = None) -> ChildAlerts:
    """A child's alerts the user may see, and the one to show: ``alert_id`` when it is the
    child's, else the open one, else the latest."""
    alerts = list(alert_list(user, student_id=student_id).prefetch_related("events__by"))
    chosen = next((a for a in alerts if a.pk == alert_id), None)
    if chosen is None:
        chosen = next((a for a in alerts if a.status in OPEN), alerts[0] if alerts else None)
    may_act = chosen is not None and alert_policy.may_act(user, chosen)
    return ChildAlerts(chosen, alerts, may_act)


# Watchlists ------------------------------------------------------------------------------------


@dataclass
class WatchRow:
    student_id: int
    name: str  # "" for de-identified viewers
    name_en: str
    school_id: int
    school: str
    classroom_id: int | None
    classroom: str
    classroom_order: tuple[int, int, int, int]
    level: str
    as_of: dt.date
    attendance: float | None
    reasons: list[Reason] = field(default_factory=list)
    alert_id: int | None = None
    alert_status: str = ""
    alert_opened_on: dt.date | None = None
    escalated: bool = False

    @property
    def status_label(self) -> str:
        return str(AlertStatus(self.alert_status).label) if self.alert_status else ""

    @property
    def dimensions(self) -> set[str]:
        return {r.dimension for r in self.reasons}


@dataclass(frozen=True)
class Watchlist:
    which: str  # "classes", "school", "network" or "all"
    as_of: dt.date | None
    rows: list[WatchRow]
    deidentified: bool
    total: int = 0  # rows before `limit`


def _reach(user: Any) -> tuple[str, Q | None]:
    scope = scope_for(user)
    if not scope.authenticated:
        return "classes", None
    if scope.is_admin:
        return "all", Q()
    condition = (
        Q(classroom_id__in=scope.classroom_ids)
        | Q(school_id__in=scope.school_ids)
        | Q(school__network_id__in=scope.network_ids)
    )
    if not (scope.classroom_ids or scope.school_ids or scope.network_ids):
        return "classes", None
    which = "network" if scope.network_ids else "school" if scope.school_ids else "classes"
    return which, condition


def watched_scores(user: Any) -> tuple[str, dt.date | None, QuerySet[RiskScore]]:
    """The user's reach, the latest day scored in it, and that day's scores at risk or problem."""
    which, condition = _reach(user)
    if condition is None:
        return which, None, RiskScore.objects.none()
    # The day is the latest scoring run in the reach (a date, about no child): read over the
    # reach's scores alone, which an index answers at once; the rows below go through the
    # student policy.
    day = RiskScore.objects.filter(condition).aggregate(day=Max("as_of"))["day"]
    scores = scope_by_student(RiskScore.objects.filter(condition), user, Action.VIEW, "student_id")
    if day is None:
        return which, None, RiskScore.objects.none()
    return which, day, scores.filter(as_of=day, level__in=WATCHED)


@dataclass(frozen=True)
class _Latest:
    pk: int
    status: str
    opened_on: dt.date
    escalated: bool


#: Children per query for their alerts (SQLite takes at most 32,766 parameters in a statement).
ALERT_BATCH = 5000


def _latest_alerts(student_ids: list[int]) -> dict[int, _Latest]:
    """Each child's latest alert (by opening time), for the children given."""
    latest: dict[int, _Latest] = {}
    for start in range(0, len(student_ids), ALERT_BATCH):
        found = (
            Alert.objects.filter(student_id__in=student_ids[start : start + ALERT_BATCH])
            .order_by("-opened_at", "-pk")
            .values_list("student_id", "pk", "status", "opened_on", "escalated_at")
        )
        for student_id, pk, status, opened_on, escalated_at in found:
            if student_id not in latest:
                latest[student_id] = _Latest(pk, status, opened_on, escalated_at is not None)
    return latest


WATCH_FIELDS = (
    "student_id",
    "student__title_th",
    "student__first_name_th",
    "student__last_name_th",
    "student__first_name_en",
    "student__last_name_en",
    "school_id",
    "school__name_th",
    "classroom_id",
    "classroom__grade_level",
    "classroom__room",
    "level",
    "as_of",
)


def _watch_row(values: tuple[Any, ...], alert: _Latest | None, hidden: bool) -> WatchRow:
    """A row from the values of WATCH_FIELDS, the attendance rate (text) and the fired rules."""
    (student_id, title, first, last, first_en, last_en, school_id, school, classroom_id) = values[
        :9
    ]
    grade_level, room, level, as_of, attendance, fired = values[9:]
    return WatchRow(
        student_id=student_id,
        name="" if hidden else thai_full_name(title, first, last),
        name_en="" if hidden else f"{first_en} {last_en}".strip(),
        school_id=school_id,
        school=school,
        classroom_id=classroom_id,
        classroom=classroom_name(grade_level, room) if classroom_id else "",
        classroom_order=(school_id, grade_level, room, classroom_id) if classroom_id else (0,) * 4,
        level=level,
        as_of=as_of,
        attendance=_number(attendance),
        reasons=reasons(fired or []),
        alert_id=alert.pk if alert else None,
        alert_status=alert.status if alert else "",
        alert_opened_on=alert.opened_on if alert else None,
        escalated=bool(alert and alert.escalated),
    )


def watchlist(
    user: Any,
    *,
    filters: dict[str, str] | None = None,
    sort: str = "level",
    limit: int | None = None,
) -> Watchlist:
    """The user's watchlist, filtered (level, dimension, school, classroom, status) and sorted
    (``SORTS``, "-" first for the reverse order); with `limit`, only the first rows (`total`
    still counts them all)."""
    which, day, scores = watched_scores(user)
    # The filters the database can apply, applied there (a school's dashboard reads one school
    # of a network's thousands); _keep below still decides every row.
    chosen = filters or {}
    if str(chosen.get("school", "")).isdigit():
        scores = scores.filter(school_id=int(chosen["school"]))
    if str(chosen.get("classroom", "")).isdigit():
        scores = scores.filter(classroom_id=int(chosen["classroom"]))
    if chosen.get("level"):
        scores = scores.filter(level=chosen["level"])
    hidden = student_policy.deidentified(user)
    # Plain values, not model instances, and only the one figure shown of the score's
    # indicators: a school's list has hundreds of rows and its dashboard opens it every time.
    # The reasons need the fired rules (JSON): read with every row when all rows are returned or
    # a filter needs them, else afterwards for the rows returned only.
    all_reasons = limit is None or bool(chosen.get("dimension"))
    found = list(
        scores.annotate(
            attendance=KT("indicators__attendance_rate_term"),
            rules=F("fired") if all_reasons else Value(None, JSONField()),
        ).values_list(*WATCH_FIELDS, "attendance", "rules")
    )
    # The alerts of the children found (their ids, not the policy's subquery a second time).
    alerts = _latest_alerts([values[0] for values in found])
    rows = [_watch_row(values, alerts.get(values[0]), hidden) for values in found]
    rows = _sorted([r for r in rows if _keep(r, chosen)], sort, hidden)
    total = len(rows)
    if limit is not None:
        rows = rows[:limit]
        if not all_reasons:
            shown = scores.filter(student_id__in=[r.student_id for r in rows])
            fired = dict(shown.values_list("student_id", "fired"))
            for row in rows:
                row.reasons = reasons(fired.get(row.student_id) or [])
    return Watchlist(which, day, rows, hidden, total)


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if number != number else number


def _keep(row: WatchRow, filters: dict[str, str]) -> bool:
    level, dimension = filters.get("level"), filters.get("dimension")
    school, classroom, status = (
        filters.get("school"),
        filters.get("classroom"),
        filters.get("status"),
    )
    if level and row.level != level:
        return False
    if dimension and dimension not in row.dimensions:
        return False
    if school and str(row.school_id) != school:
        return False
    if classroom and str(row.classroom_id) != classroom:
        return False
    if status == "open":
        return row.alert_status in OPEN
    if status == "none":
        return not row.alert_status
    return not status or row.alert_status == status


def _sorted(rows: list[WatchRow], sort: str, hidden: bool) -> list[WatchRow]:
    reverse = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORTS:
        key, reverse = "level", False
    # Name order first (Thai order; the pseudonym's number when names are hidden), so that every
    # other key keeps it among equals.
    if hidden:
        rows = sorted(rows, key=lambda r: r.student_id)
    else:
        rows = thai_sorted_by(rows, lambda r: (r.name,))
    if key == "level":
        rows.sort(key=lambda r: -RANK[r.level])
    elif key == "class":
        rows.sort(key=lambda r: r.classroom_order)
    elif key == "attendance":
        rows.sort(key=lambda r: (r.attendance is None, r.attendance or 0.0))
    elif key == "date":
        rows.sort(key=lambda r: r.alert_opened_on or dt.date.min, reverse=True)
    if reverse:
        rows.reverse()
    return rows
