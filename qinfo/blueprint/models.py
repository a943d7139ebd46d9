"""The three-year Education Blueprint (docs/definitions.md §24).

A ``Plan`` of a network covers three consecutive academic years (``first_year_be`` and the two
after it). It has ``Goal``s in the three domains (equity, quality, efficiency), each with ``Kpi``s
that point to one indicator of ``qinfo.indicators.registry.INDICATORS`` (optionally one category,
e.g. a subject, and one grade), a baseline year before the plan, and one ``Target`` per plan year.
``SchoolTarget`` holds a school's own target where an officer set one; every other school's share
is derived by the rule of §24 (``qinfo.blueprint.rules.school_target``).

Values are stored like the indicators give them: rates as fractions 0..1 (typed and shown as
percentages). Nothing is deleted: a plan is archived, a goal or a KPI is withdrawn.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qinfo.core.fields import acting_user
from qinfo.organisations.models import GradeLevel, Network, School

#: Plan years are Buddhist Era years; these bounds only catch a year typed in the wrong era.
YEAR_MIN, YEAR_MAX = 2500, 2700


def value_field(**extra: object) -> models.DecimalField:
    """Every stored value: rates as fractions need six decimals for 0.0001 %."""
    return models.DecimalField(max_digits=14, decimal_places=6, **extra)  # type: ignore[arg-type]


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")
    ARCHIVED = "archived", _("Archived")


class Domain(models.TextChoices):
    EQUITY = "equity", _("Equity")
    QUALITY = "quality", _("Quality")
    EFFICIENCY = "efficiency", _("Efficiency")


class Unit(models.TextChoices):
    """The indicator's unit (``Indicator.unit``), copied onto the KPI."""

    RATE = "rate", _("Rate (%)")
    RATIO = "ratio", _("Ratio")
    COUNT = "count", _("Count")
    SCORE = "score", _("Score")


class Plan(models.Model):
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="blueprints")
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    #: The first of the plan's three consecutive academic years (BE).
    first_year_be = models.PositiveSmallIntegerField(_("first academic year"))
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    #: A KPI is "at risk" when it has covered at least this share of the way from its baseline
    #: to the year's target (docs/definitions.md §24).
    at_risk_share = models.DecimalField(max_digits=4, decimal_places=3, default=Decimal("0.5"))
    created_by = acting_user(db_constraint=True)
    created_at = models.DateTimeField(auto_now_add=True)
    adopted_at = models.DateTimeField(null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-first_year_be", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="blueprint_plan_year_be",
                condition=Q(first_year_be__gte=YEAR_MIN, first_year_be__lte=YEAR_MAX),
            ),
            models.CheckConstraint(
                name="blueprint_plan_at_risk_share",
                condition=Q(at_risk_share__gt=0, at_risk_share__lte=1),
            ),
            models.CheckConstraint(
                name="blueprint_plan_status",
                condition=Q(status__in=["draft", "adopted", "archived"]),
            ),
            models.CheckConstraint(
                name="blueprint_plan_adopted_has_date",
                condition=Q(status="draft") | Q(adopted_at__isnull=False),
            ),
            models.CheckConstraint(
                name="blueprint_plan_archived_has_date",
                condition=~Q(status="archived") | Q(archived_at__isnull=False),
            ),
            models.CheckConstraint(name="blueprint_plan_name", condition=~Q(name_th="")),
        ]

    def __str__(self) -> str:
        return f"{self.name_th} {self.first_year_be}–{self.last_year_be}"

    @property
    def years(self) -> tuple[int, int, int]:
        return (self.first_year_be, self.first_year_be + 1, self.first_year_be + 2)

    @property
    def last_year_be(self) -> int:
        return self.first_year_be + 2


class Goal(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="goals")
    title_th = models.CharField(_("title (Thai)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    domain = models.CharField(max_length=12, choices=Domain.choices)
    order = models.PositiveSmallIntegerField(default=1)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["plan", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                name="blueprint_goal_domain",
                condition=Q(domain__in=["equity", "quality", "efficiency"]),
            ),
            models.CheckConstraint(name="blueprint_goal_title", condition=~Q(title_th="")),
        ]

    def __str__(self) -> str:
        return self.title_th


class Kpi(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="kpis")
    name_th = models.CharField(_("name (Thai)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    #: A key of qinfo.indicators.registry.INDICATORS (checked by the service).
    indicator = models.CharField(max_length=60)
    #: The indicator's category this KPI follows ("" for all), e.g. a subject of O-NET.
    category = models.CharField(max_length=60, blank=True, default="")
    #: A fixed cut: only this grade (None: every grade).
    grade = models.PositiveSmallIntegerField(choices=GradeLevel.choices, null=True, blank=True)
    baseline_year_be = models.PositiveSmallIntegerField()
    #: The baseline as agreed when the plan was written (None: computed from the indicator).
    baseline_value = value_field(null=True, blank=True)
    #: Copied from the indicator: which way is better, and its unit.
    higher_is_better = models.BooleanField()
    unit = models.CharField(max_length=8, choices=Unit.choices)
    #: Short of the target by at most this much (the KPI's unit; fraction for rates): at risk.
    tolerance = value_field(default=Decimal(0))
    order = models.PositiveSmallIntegerField(default=1)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["goal", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                name="blueprint_kpi_baseline_year",
                condition=Q(baseline_year_be__gte=YEAR_MIN, baseline_year_be__lte=YEAR_MAX),
            ),
            models.CheckConstraint(
                name="blueprint_kpi_unit", condition=Q(unit__in=["rate", "ratio", "count", "score"])
            ),
            models.CheckConstraint(
                name="blueprint_kpi_baseline_value",
                condition=Q(baseline_value__isnull=True)
                | Q(baseline_value__gte=0) & (~Q(unit="rate") | Q(baseline_value__lte=1)),
            ),
            models.CheckConstraint(name="blueprint_kpi_tolerance", condition=Q(tolerance__gte=0)),
            models.CheckConstraint(name="blueprint_kpi_name", condition=~Q(name_th="")),
            models.CheckConstraint(name="blueprint_kpi_indicator", condition=~Q(indicator="")),
        ]

    def __str__(self) -> str:
        return self.name_th


class Target(models.Model):
    """The city's target of a KPI for one plan year."""

    kpi = models.ForeignKey(Kpi, on_delete=models.PROTECT, related_name="targets")
    year_be = models.PositiveSmallIntegerField()
    value = value_field()

    class Meta:
        ordering = ["kpi", "year_be"]
        constraints = [
            models.UniqueConstraint(fields=["kpi", "year_be"], name="blueprint_target_unique"),
            models.CheckConstraint(name="blueprint_target_value", condition=Q(value__gte=0)),
            models.CheckConstraint(
                name="blueprint_target_year",
                condition=Q(year_be__gte=YEAR_MIN, year_be__lte=YEAR_MAX),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpi_id} {self.year_be}: {self.value}"


class SchoolTarget(models.Model):
    """A school's own target for a KPI and a plan year, set by an officer (overrides the rule)."""

    kpi = models.ForeignKey(Kpi, on_delete=models.PROTECT, related_name="school_targets")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    year_be = models.PositiveSmallIntegerField()
    value = value_field()
    set_by = acting_user(db_constraint=True)
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kpi", "school", "year_be"]
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "school", "year_be"], name="blueprint_school_target_unique"
            ),
            models.CheckConstraint(name="blueprint_school_target_value", condition=Q(value__gte=0)),
            models.CheckConstraint(
                name="blueprint_school_target_year",
                condition=Q(year_be__gte=YEAR_MIN, year_be__lte=YEAR_MAX),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpi_id} school {self.school_id} {self.year_be}: {self.value}"


__all__ = [
    "YEAR_MAX",
    "YEAR_MIN",
    "Domain",
    "Goal",
    "Kpi",
    "Plan",
    "PlanStatus",
    "SchoolTarget",
    "Target",
    "Unit",
]
