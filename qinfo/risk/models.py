"""Early warning: the rules (versioned, editable), the learned models with their cards, the
scores of every child as of a date, and the scoring runs that produce them (docs/definitions.md
§15–§17)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qinfo.core.fields import acting_user
from qinfo.organisations.models import Classroom, School
from qinfo.people.models import Student
from qinfo.riskmodel.features import INDICATORS


class Level(models.TextChoices):
    """The student care system's screening (DOMAIN.md §5), in rising order."""

    NORMAL = "normal", _("Normal")
    AT_RISK = "at_risk", _("At risk")
    PROBLEM = "problem", _("Problem")


class Dimension(models.TextChoices):
    ACCESS = "access", _("Access")
    QUALITY = "quality", _("Quality")
    WELLBEING = "wellbeing", _("Wellbeing")


class Operator(models.TextChoices):
    GE = ">=", "≥"
    GT = ">", ">"
    LE = "<=", "≤"
    LT = "<", "<"
    EQ = "==", "="


INDICATOR_CHOICES = [(i.name, i.label_en) for i in INDICATORS]


class RuleSet(models.Model):
    """One version of the whole set of rules. Editing a rule makes a new version (a copy with
    the change); scores say which version judged them, so an old judgement can be explained."""

    version = models.PositiveIntegerField(unique=True)
    note = models.CharField(max_length=300, blank=True)
    active = models.BooleanField(default=False)
    created_by = acting_user(db_constraint=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=Q(active=True), name="one_active_ruleset"
            )
        ]

    def __str__(self) -> str:
        return f"rules v{self.version}"


class RiskRule(models.Model):
    ruleset = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="rules")
    code = models.SlugField(max_length=40)
    label_th = models.CharField(max_length=200)
    label_en = models.CharField(max_length=200)
    indicator = models.CharField(max_length=40, choices=INDICATOR_CHOICES)
    operator = models.CharField(max_length=2, choices=Operator.choices)
    threshold = models.DecimalField(max_digits=8, decimal_places=3)
    severity = models.CharField(
        max_length=8,
        choices=[(Level.AT_RISK, Level.AT_RISK.label), (Level.PROBLEM, Level.PROBLEM.label)],
    )
    dimension = models.CharField(max_length=10, choices=Dimension.choices)
    #: A hard rule opens an alert by itself, whatever the level did.
    hard = models.BooleanField(default=False)
    enabled = models.BooleanField(default=True)

    class Meta:
        ordering = ["ruleset", "dimension", "code"]
        constraints = [
            models.UniqueConstraint(fields=["ruleset", "code"], name="rule_code_unique_in_set")
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.indicator} {self.operator} {self.threshold})"


class ModelStatus(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    ACTIVE = "active", _("Active")
    REJECTED = "rejected", _("Rejected: did not beat the rules")
    RETIRED = "retired", _("Retired")


class RiskModel(models.Model):
    """A model trained on the network's own history, with its card and its held-out figures."""

    algorithm = models.CharField(max_length=40)
    status = models.CharField(
        max_length=10, choices=ModelStatus.choices, default=ModelStatus.CANDIDATE
    )
    trained_at = models.DateTimeField(auto_now_add=True)
    trained_by = acting_user(db_constraint=True)
    #: The as-of dates of the training examples and of the held-out year.
    train_from = models.DateField()
    train_to = models.DateField()
    test_as_of = models.DateField()
    features = models.JSONField(default=list)
    #: The fitted model, serialised by qinfo.riskmodel (text, never pickle).
    artefact = models.TextField()
    #: Workload: how many students staff can follow; the probability cut-off that selects them.
    workload_k = models.PositiveIntegerField()
    threshold = models.FloatField()
    #: Model card: data, period, metrics beside the rules', per-group error rates, warnings.
    card = models.JSONField(default=dict)

    class Meta:
        ordering = ["-trained_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="active"), name="one_active_model"
            )
        ]

    def __str__(self) -> str:
        return f"{self.algorithm} model {self.pk} ({self.status})"


class RiskScore(models.Model):
    """What the early warning said about one child on one date, and why."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="risk_scores")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    classroom = models.ForeignKey(
        Classroom, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    as_of = models.DateField()
    level = models.CharField(max_length=8, choices=Level.choices)
    #: The active model's calibrated probability of not continuing within 12 months.
    probability = models.FloatField(null=True, blank=True)
    ruleset = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="+")
    model = models.ForeignKey(
        RiskModel, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: [{"code", "label_th", "label_en", "indicator", "value", "severity", "dimension", "hard"}]
    fired = models.JSONField(default=list)
    #: [{"indicator", "value", "effect"}]: what raised (effect > 0) or lowered the probability.
    factors = models.JSONField(default=list)
    #: The indicator values the judgement used ({name: value or null}).
    indicators = models.JSONField(default=dict)
    computed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-as_of", "student"]
        constraints = [
            models.UniqueConstraint(fields=["student", "as_of"], name="one_score_per_day"),
            models.CheckConstraint(
                name="score_probability_range",
                condition=Q(probability__isnull=True) | Q(probability__gte=0, probability__lte=1),
            ),
        ]
        indexes = [
            models.Index(fields=["as_of", "school", "level"], name="score_day_school_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.student_id} on {self.as_of}: {self.level}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ScoringRun(models.Model):
    """One scoring of the network (nightly or on demand), with its progress for the page."""

    as_of = models.DateField()
    status = models.CharField(max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED)
    requested_by = acting_user(db_constraint=True)
    task_id = models.CharField(max_length=64, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    step = models.CharField(max_length=200, blank=True)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"scoring {self.as_of} ({self.status})"
