"""Telling people about alerts: the in-app inbox, e-mail and LINE (docs/definitions.md §18).

``notify`` writes one ``Notification`` per channel for one event of an alert: always the inbox
(delivered at once: the row is the message), an e-mail when ``EMAIL_HOST`` is set, the person has
an address and has not turned e-mail off (``ContactPoint.email_enabled``), a LINE message when a
channel access token is set and the person has linked a LINE user id. ``deliver_pending`` sends
the e-mail and LINE ones; a failure is recorded on its row (status failed, the error) and never
stops the others, nor the nightly sync that called it.

Messages are in Thai with English below, and carry the class, the level, the reasons in words and
a link to the alert, but not the child's name: e-mail and LINE leave the system, the name stays in
it (the link opens the child after sign-in).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from qinfo.alerts.models import (
    Alert,
    Channel,
    ContactPoint,
    DeliveryStatus,
    EventKind,
    Notification,
)
from qinfo.alerts.reasons import reasons_line
from qinfo.risk.models import Level

#: Seconds to wait for the mail server or LINE before the message counts as failed.
TIMEOUT = 10
#: LINE takes at most 5,000 characters in a text message.
LINE_TEXT_MAX = 5000
ERROR_MAX = 1000


def channels_for(user: Any) -> list[str]:
    """The channels a person gets alerts on, as configured now."""
    found = [Channel.INBOX.value]
    contact = ContactPoint.objects.filter(user=user).first()
    email_on = contact.email_enabled if contact is not None else True
    if settings.EMAIL_HOST and getattr(user, "email", "") and email_on:
        found.append(Channel.EMAIL.value)
    if settings.QINFO_LINE_TOKEN and contact is not None and contact.line_user_id:
        found.append(Channel.LINE.value)
    return found


def notifications_for(alert: Alert, recipient: Any, event: str) -> list[Notification]:
    """Unsaved notifications of one event to one person (the caller saves them in bulk)."""
    now = timezone.now()
    rows = []
    for channel in channels_for(recipient):
        inbox = channel == Channel.INBOX
        rows.append(
            Notification(
                alert=alert,
                recipient=recipient,
                channel=channel,
                event=event,
                status=DeliveryStatus.SENT if inbox else DeliveryStatus.PENDING,
                sent_at=now if inbox else None,
            )
        )
    return rows


def notify(alert: Alert, recipient: Any, event: str) -> list[Notification]:
    rows = notifications_for(alert, recipient, event)
    return Notification.objects.bulk_create(rows)


# The message -----------------------------------------------------------------------------------


def alert_url(alert: Alert) -> str:
    path = reverse("web:alert", kwargs={"student_id": alert.student_id})
    return str(settings.QINFO_SITE_URL or "").rstrip("/") + path + f"?alert={alert.pk}"


def _headline(event: str) -> str:
    if event == EventKind.ESCALATED:
        return _(
            "An alert was not acknowledged in time and has been passed to you as the director."
        )
    if event == EventKind.RAISED:
        return _("The level of a student you follow has risen.")
    return _("A new alert for a student you follow.")


def _part(alert: Alert, event: str, language: str) -> tuple[str, str]:
    """(subject, body) in one language."""
    with translation.override(language):
        where = alert.classroom.name if alert.classroom else ""
        school = alert.school.name_th if language == "th" else alert.school.name_en
        level = str(Level(alert.level).label)
        subject = _("Q-info alert: a student of %(classroom)s (%(level)s)") % {
            "classroom": where,
            "level": level,
        }
        lines = [
            _headline(event),
            _("Class: %(classroom)s, %(school)s")
            % {
                "classroom": where,
                "school": school or alert.school.name_th,
            },
            _("Level: %(level)s") % {"level": level},
            _("Why: %(reasons)s") % {"reasons": reasons_line(alert.reasons, language)},
            _("Open the alert: %(url)s") % {"url": alert_url(alert)},
        ]
        return subject, "\n".join(lines)


def message(alert: Alert, event: str) -> tuple[str, str]:
    """(subject, body): Thai, then English below."""
    subject_th, body_th = _part(alert, event, "th")
    subject_en, body_en = _part(alert, event, "en")
    return f"{subject_th} / {subject_en}", f"{body_th}\n\n---\n\n{body_en}\n"


# Sending ---------------------------------------------------------------------------------------


def _send_email(notification: Notification, connection: Any) -> None:
    subject, body = message(notification.alert, notification.event)
    EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient.email],
        connection=connection,
    ).send(fail_silently=False)


def _send_line(notification: Notification) -> None:
    from linebot.v3.messaging import (
        ApiClient,
        Configuration,
        MessagingApi,
        PushMessageRequest,
        TextMessage,
    )

    contact = ContactPoint.objects.get(user=notification.recipient)
    _, body = message(notification.alert, notification.event)
    configuration = Configuration(
        host=str(settings.QINFO_LINE_API_URL or "").rstrip("/"),
        access_token=settings.QINFO_LINE_TOKEN,
    )
    with ApiClient(configuration) as client:
        MessagingApi(client).push_message(
            PushMessageRequest(
                to=contact.line_user_id,
                messages=[TextMessage(text=body[:LINE_TEXT_MAX])],
            ),
            # The same notification retried is the same message to LINE (it drops repeats).
            x_line_retry_key=str(
                uuid.uuid5(uuid.NAMESPACE_URL, f"qinfo-notification-{notification.pk}")
            ),
            _request_timeout=TIMEOUT,
        )


def deliver(notifications: Iterable[Notification]) -> dict[str, int]:
    """Sends the given pending e-mail and LINE notifications; each ends sent or failed."""
    counts = {"sent": 0, "failed": 0}
    connection = None
    for notification in notifications:
        try:
            if notification.channel == Channel.EMAIL:
                if connection is None:
                    connection = get_connection(timeout=TIMEOUT)
                _send_email(notification, connection)
            elif notification.channel == Channel.LINE:
                _send_line(notification)
        except Exception as exc:
            notification.status = DeliveryStatus.FAILED
            notification.error = f"{type(exc).__name__}: {exc}"[:ERROR_MAX]
            counts["failed"] += 1
        else:
            notification.status = DeliveryStatus.SENT
            notification.sent_at = timezone.now()
            notification.error = ""
            counts["sent"] += 1
        notification.save(update_fields=["status", "error", "sent_at"])
    return counts


def pending() -> QuerySet[Notification]:
    return (
        Notification.objects.filter(status=DeliveryStatus.PENDING)
        .exclude(channel=Channel.INBOX)
        .select_related("alert__school", "alert__classroom", "recipient")
        .order_by("pk")
    )


def deliver_pending() -> dict[str, int]:
    """Sends every pending e-mail and LINE notification (the nightly sync calls it)."""
    return deliver(pending())
