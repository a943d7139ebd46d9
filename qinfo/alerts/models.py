"""Alerts that someone owns: opened by the early warning, worked by the homeroom teacher, escalated
to the director when nobody acknowledges them (docs/definitions.md §18)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qinfo.core.fields import acting_user
from qinfo.organisations.models import Classroom, School
from qinfo.people.models import Student
from qinfo.risk.models import Level, RiskScore


class AlertStatus(models.TextChoices):
    NEW = "new", _("New")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ACTING = "acting", _("Acting")
    RESOLVED = "resolved", _("Resolved")
    DISMISSED = "dismissed", _("Dismissed")


OPEN_STATUSES = frozenset({AlertStatus.NEW, AlertStatus.ACKNOWLEDGED, AlertStatus.ACTING})


class Trigger(models.TextChoices):
    LEVEL_ROSE = "level_rose", _("The level rose")
    HARD_RULE = "hard_rule", _("A hard rule fired")


class Alert(models.Model):
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="alerts")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    classroom = models.ForeignKey(
        Classroom, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: The homeroom teacher who owns it (null when the class has none: the director owns it).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_alerts",
    )
    status = models.CharField(max_length=12, choices=AlertStatus.choices, default=AlertStatus.NEW)
    trigger = models.CharField(max_length=12, choices=Trigger.choices)
    level = models.CharField(max_length=8, choices=Level.choices)
    score = models.ForeignKey(
        RiskScore, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: The rules that fired when it opened (the score's "fired", kept even if scores are pruned).
    reasons = models.JSONField(default=list)
    opened_on = models.DateField()
    opened_at = models.DateTimeField(auto_now_add=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="escalated_alerts",
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["student"],
                condition=Q(status__in=["new", "acknowledged", "acting"]),
                name="one_open_alert_per_student",
            ),
            models.CheckConstraint(
                name="closed_alert_has_reason",
                condition=Q(status__in=["new", "acknowledged", "acting"]) | ~Q(close_reason=""),
            ),
        ]
        indexes = [models.Index(fields=["school", "status"], name="alert_school_status_idx")]

    def __str__(self) -> str:
        return f"alert {self.pk} for student {self.student_id} ({self.status})"


class EventKind(models.TextChoices):
    OPENED = "opened", _("Opened")
    RAISED = "raised", _("The level rose")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ACTION = "action", _("Action taken")
    ESCALATED = "escalated", _("Escalated to the director")
    RESOLVED = "resolved", _("Resolved")
    DISMISSED = "dismissed", _("Dismissed")


class AlertEvent(models.Model):
    """The alert's history: who did what, when, and what they wrote."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    text = models.TextField(blank=True)
    by = acting_user(db_constraint=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} on alert {self.alert_id}"


class Channel(models.TextChoices):
    INBOX = "inbox", _("In-app inbox")
    EMAIL = "email", _("E-mail")
    LINE = "line", _("LINE")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Notification(models.Model):
    """One message about one alert to one person on one channel."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="notifications")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    channel = models.CharField(max_length=8, choices=Channel.choices)
    event = models.CharField(max_length=12, choices=EventKind.choices)
    status = models.CharField(
        max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "channel", "read_at"], name="notif_inbox_idx")]

    def __str__(self) -> str:
        return f"{self.channel} to {self.recipient_id}: {self.event} ({self.status})"


class ContactPoint(models.Model):
    """Where a person wants alerts besides the inbox: e-mail (the account's address) and LINE."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_point"
    )
    email_enabled = models.BooleanField(default=True)
    line_user_id = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"contact point of {self.user_id}"
