"""Alerts that someone owns (docs/definitions.md §18).

``alerts_sync(as_of)`` turns a day's scores into alerts: a child whose level rose since the
previous score, or for whom a hard rule newly fired, gets an alert owned by the homeroom teacher
of the child's class (the school's director when the class has none), unless the child already
has an open alert: then a higher level raises that alert instead. Alerts still "new" after
``QINFO_ALERT_ESCALATE_DAYS`` school days go to the director. Then the pending e-mail and LINE
messages are sent.

The workflow services move an alert new → acknowledged → acting → resolved | dismissed, each in
one transaction with its ``AlertEvent`` and its audit event.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qinfo.accounts.models import Membership, Role, User
from qinfo.alerts.delivery import deliver_pending, notifications_for
from qinfo.alerts.models import (
    OPEN_STATUSES,
    Alert,
    AlertEvent,
    AlertStatus,
    EventKind,
    Notification,
    Trigger,
)
from qinfo.alerts.policies import alert_policy
from qinfo.audit.models import AuditAction
from qinfo.audit.services import audit_record
from qinfo.completeness.calendar import calendars
from qinfo.core.services import field_values, refuse, require, save_changes
from qinfo.organisations.models import AcademicYear, Classroom
from qinfo.risk.models import Level, RiskScore
from qinfo.riskmodel.rules import RANK

TEXT_MAX = 2000
OPEN = [str(s) for s in OPEN_STATUSES]


def _rank(level: str | None) -> int:
    return RANK.get(level, 0) if level else 0


def _hard_codes(fired: Any) -> set[str]:
    return {str(item.get("code")) for item in fired or [] if item.get("hard")}


# Who owns, who is escalated to ------------------------------------------------------------------


def homeroom_owners(classroom_ids: Iterable[int]) -> dict[int, int]:
    """classroom id → the user id of its first active homeroom teacher with an account."""
    through = Classroom.homeroom_teachers.through
    rows = (
        through.objects.filter(
            classroom_id__in=list(classroom_ids),
            staff__active=True,
            staff__user__isnull=False,
            staff__user__is_active=True,
        )
        .order_by("staff_id")
        .values_list("classroom_id", "staff__user_id")
    )
    owners: dict[int, int] = {}
    for classroom_id, user_id in rows:
        owners.setdefault(classroom_id, user_id)
    return owners


def school_directors(school_ids: Iterable[int]) -> dict[int, int]:
    """school id → the user id of its director (the first active director membership)."""
    rows = (
        Membership.objects.filter(
            school_id__in=list(school_ids), role=Role.DIRECTOR, active=True, user__is_active=True
        )
        .order_by("pk")
        .values_list("school_id", "user_id")
    )
    found: dict[int, int] = {}
    for school_id, user_id in rows:
        found.setdefault(school_id, user_id)
    return found


# The nightly sync ------------------------------------------------------------------------------


class _Outbox:
    """Notifications to write in bulk at the end of the sync (users read once each)."""

    def __init__(self) -> None:
        self.rows: list[Notification] = []
        self.users: dict[int, Any] = {}

    def add(self, alert: Alert, user_id: int | None, event: str) -> None:
        if user_id is None:
            return
        if user_id not in self.users:
            self.users[user_id] = User.objects.get(pk=user_id)
        self.rows.extend(notifications_for(alert, self.users[user_id], event))

    def save(self) -> int:
        Notification.objects.bulk_create(self.rows)
        return len(self.rows)


def _candidates(as_of: dt.date) -> list[RiskScore]:
    """The day's scores above normal, each with the child's previous level and fired rules."""
    previous = RiskScore.objects.filter(student=OuterRef("student_id"), as_of__lt=as_of).order_by(
        "-as_of"
    )
    return list(
        RiskScore.objects.filter(as_of=as_of)
        .exclude(level=Level.NORMAL)
        .only("student_id", "school_id", "classroom_id", "level", "fired")
        .annotate(
            previous_level=Subquery(previous.values("level")[:1]),
            previous_fired=Subquery(previous.values("fired")[:1], output_field=models.JSONField()),
        )
        .order_by("student_id")
    )


def _open_and_raise(as_of: dt.date, outbox: _Outbox) -> tuple[list[int], list[int]]:
    scores = _candidates(as_of)
    # Every open alert and every alert opened that day (not filtered by the day's thousands of
    # children: a long IN list costs more than the few rows it would leave out).
    open_alerts = {
        a.student_id: a
        for a in Alert.objects.filter(status__in=OPEN).only(
            "student_id", "level", "owner_id", "escalated_to_id", "school_id"
        )
    }
    opened_today = set(Alert.objects.filter(opened_on=as_of).values_list("student_id", flat=True))
    owners = homeroom_owners({s.classroom_id for s in scores if s.classroom_id})
    directors = school_directors({s.school_id for s in scores})
    new_alerts: list[Alert] = []
    raised: list[Alert] = []
    for score in scores:
        rose = _rank(score.level) > _rank(score.previous_level)  # type: ignore[attr-defined]
        newly_hard = _hard_codes(score.fired) - _hard_codes(score.previous_fired)  # type: ignore[attr-defined]
        current = open_alerts.get(score.student_id)
        if current is not None:
            if _rank(score.level) > _rank(current.level):
                current.level, current.reasons, current.score = score.level, score.fired, score
                raised.append(current)
            continue
        if not (rose or newly_hard) or score.student_id in opened_today:
            continue
        owner = owners.get(score.classroom_id or 0) or directors.get(score.school_id)
        new_alerts.append(
            Alert(
                student_id=score.student_id,
                school_id=score.school_id,
                classroom_id=score.classroom_id,
                owner_id=owner,
                trigger=Trigger.LEVEL_ROSE if rose else Trigger.HARD_RULE,
                level=score.level,
                score=score,
                reasons=score.fired,
                opened_on=as_of,
            )
        )
    Alert.objects.bulk_create(new_alerts)
    Alert.objects.bulk_update(raised, ["level", "reasons", "score"])
    AlertEvent.objects.bulk_create(
        [AlertEvent(alert=a, kind=EventKind.OPENED) for a in new_alerts]
        + [AlertEvent(alert=a, kind=EventKind.RAISED, text=a.level) for a in raised]
    )
    for alert in new_alerts:
        outbox.add(alert, alert.owner_id, EventKind.OPENED)
    for alert in raised:
        outbox.add(alert, alert.owner_id, EventKind.RAISED)
        if alert.escalated_to_id and alert.escalated_to_id != alert.owner_id:
            outbox.add(alert, alert.escalated_to_id, EventKind.RAISED)
    return [a.pk for a in new_alerts], [a.pk for a in raised]


def school_days_between(network_id: int, after: dt.date, until: dt.date) -> int:
    """School days d of the network's calendar with after < d ≤ until (docs/definitions.md §2)."""
    return _count(_network_days({network_id}).get(network_id, ()), after, until)


def _count(days: tuple[dt.date, ...], after: dt.date, until: dt.date) -> int:
    return max(0, bisect_right(days, until) - bisect_left(days, after + dt.timedelta(days=1)))


def _network_days(network_ids: set[int]) -> dict[int, tuple[dt.date, ...]]:
    """Every school day of each network's academic years, in order (two queries in all)."""
    years = list(AcademicYear.objects.filter(network_id__in=network_ids))
    by_year = calendars(years)
    days: dict[int, set[dt.date]] = {pk: set() for pk in network_ids}
    for year in years:
        days[year.network_id].update(by_year[year.pk].days)
    return {pk: tuple(sorted(found)) for pk, found in days.items()}


def _escalate(as_of: dt.date, outbox: _Outbox) -> list[int]:
    due = list(
        Alert.objects.filter(
            status=AlertStatus.NEW, escalated_at__isnull=True, opened_on__lt=as_of
        ).select_related("school")
    )
    if not due:
        return []
    days = _network_days({a.school.network_id for a in due})
    directors = school_directors({a.school_id for a in due})
    now = timezone.now()
    escalated = []
    for alert in due:
        waited = _count(days.get(alert.school.network_id, ()), alert.opened_on, as_of)
        director = directors.get(alert.school_id)
        if waited < settings.QINFO_ALERT_ESCALATE_DAYS or director is None:
            continue
        alert.escalated_to_id, alert.escalated_at = director, now
        escalated.append(alert)
    Alert.objects.bulk_update(escalated, ["escalated_to", "escalated_at"])
    AlertEvent.objects.bulk_create(
        [AlertEvent(alert=a, kind=EventKind.ESCALATED, text=as_of.isoformat()) for a in escalated]
    )
    for alert in escalated:
        outbox.add(alert, alert.escalated_to_id, EventKind.ESCALATED)
    return [a.pk for a in escalated]


def alerts_sync(as_of: dt.date, *, actor: Any = None) -> dict[str, int]:
    """Opens, raises and escalates alerts from the scores of ``as_of``, then delivers.

    Answers the counts: opened, raised, escalated, notifications (written), sent, failed."""
    outbox = _Outbox()
    with transaction.atomic():
        opened, raised = _open_and_raise(as_of, outbox)
        escalated = _escalate(as_of, outbox)
        written = outbox.save()
        if opened or raised or escalated:
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                target_type="alerts.sync",
                target_id=as_of.isoformat(),
                changes={"opened": opened, "raised": raised, "escalated": escalated},
            )
    delivered = deliver_pending()
    return {
        "opened": len(opened),
        "raised": len(raised),
        "escalated": len(escalated),
        "notifications": written,
        **delivered,
    }


# The workflow ----------------------------------------------------------------------------------


def _text(value: str, *, field: str, missing: Any, code: str) -> str:
    text = (value or "").strip()
    if not text:
        raise refuse(missing, code, field)
    if len(text) > TEXT_MAX:
        raise refuse(_("At most 2,000 characters."), "too_long", field)
    return text


def _transition(
    *,
    actor: Any,
    alert: Alert,
    kind: str,
    status: str,
    text: str = "",
    allowed_from: Iterable[str] = OPEN,
) -> Alert:
    with transaction.atomic():
        locked = Alert.objects.select_for_update().get(pk=alert.pk)
        if locked.status not in OPEN:
            raise refuse(_("This alert is already closed."), "alert_closed")
        if locked.status not in set(allowed_from):
            raise refuse(_("This alert has already been acknowledged."), "already_acknowledged")
        before = field_values(locked)
        now = timezone.now()
        locked.status = status
        if locked.acknowledged_at is None:
            locked.acknowledged_at = now
        if status in (AlertStatus.RESOLVED, AlertStatus.DISMISSED):
            locked.closed_at, locked.close_reason = now, text
        save_changes(locked, actor=actor, before=before, school_id=locked.school_id)
        AlertEvent.objects.create(alert=locked, kind=kind, text=text, by=actor)
    return locked


def alert_acknowledge(*, actor: Any, alert: Alert) -> Alert:
    """The owner (or the director, an officer) has seen the alert and takes it on."""
    require(alert_policy.may_act(actor, alert))
    return _transition(
        actor=actor,
        alert=alert,
        kind=EventKind.ACKNOWLEDGED,
        status=AlertStatus.ACKNOWLEDGED,
        allowed_from=[AlertStatus.NEW],
    )


def alert_record_action(*, actor: Any, alert: Alert, text: str) -> Alert:
    """Something was done (a call home, a visit, a meeting): the alert is being acted on."""
    require(alert_policy.may_act(actor, alert))
    written = _text(text, field="text", missing=_("Write what was done."), code="action_required")
    return _transition(
        actor=actor, alert=alert, kind=EventKind.ACTION, status=AlertStatus.ACTING, text=written
    )


def _close(actor: Any, alert: Alert, reason: str, status: str, kind: str) -> Alert:
    require(alert_policy.may_act(actor, alert))
    written = _text(
        reason,
        field="reason",
        missing=_("Give a reason to resolve or dismiss the alert."),
        code="reason_required",
    )
    return _transition(actor=actor, alert=alert, kind=kind, status=status, text=written)


def alert_resolve(*, actor: Any, alert: Alert, reason: str) -> Alert:
    """The child is back on track; the reason says how."""
    return _close(actor, alert, reason, AlertStatus.RESOLVED, EventKind.RESOLVED)


def alert_dismiss(*, actor: Any, alert: Alert, reason: str) -> Alert:
    """The alert was not a real concern; the reason says why."""
    return _close(actor, alert, reason, AlertStatus.DISMISSED, EventKind.DISMISSED)


def notifications_mark_read(*, actor: Any, ids: Iterable[int] | None = None) -> int:
    """Marks the actor's own inbox notifications read (all unread ones when ``ids`` is None)."""
    rows = Notification.objects.filter(recipient=actor, channel="inbox", read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())


__all__ = [
    "alert_acknowledge",
    "alert_dismiss",
    "alert_record_action",
    "alert_resolve",
    "alerts_sync",
    "homeroom_owners",
    "notifications_mark_read",
    "school_days_between",
    "school_directors",
]
