"""Health measurements with WHO growth z-scores and Thai nutrition labels; SDQ screenings.

Both follow the child (seen by whoever may see the child) and copy the school onto the row, so
that scoping needs no join. The cut-offs of the nutrition labels and the SDQ bands are rows of
editable tables (seeded by a data migration, changed in the admin), never constants in code
(docs/definitions.md §10 and §11). The labels and bands are stored with the scores when a row is
saved, so that a later change of a table does not rewrite the history.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Length, Replace
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from qinfo.core.fields import acting_user

#: Plausible values (docs/definitions.md §10): anything outside is refused as a typing error.
WEIGHT_MIN_KG = Decimal("5.0")
WEIGHT_MAX_KG = Decimal("150.0")
HEIGHT_MIN_CM = Decimal("70.0")
HEIGHT_MAX_CM = Decimal("200.0")
BMI_MIN = Decimal("8.0")
BMI_MAX = Decimal("60.0")


class NutritionMeasure(models.TextChoices):
    WEIGHT_FOR_HEIGHT = "wfh", _("Weight for height")
    HEIGHT_FOR_AGE = "hfa", _("Height for age")


class NutritionLabel(models.TextChoices):
    """The Thai Department of Health's labels (DOMAIN.md §5)."""

    THIN = "thin", _("Thin")
    RATHER_THIN = "rather_thin", _("Rather thin")
    PROPORTIONATE = "proportionate", _("Proportionate")
    PLUMP = "plump", _("Plump")
    OVERWEIGHT = "overweight", _("Becoming obese")
    OBESE = "obese", _("Obese")
    SHORT = "short", _("Short")
    RATHER_SHORT = "rather_short", _("Rather short")
    NORMAL_HEIGHT = "normal_height", _("Normal height")
    RATHER_TALL = "rather_tall", _("Rather tall")
    TALL = "tall", _("Tall")


class NutritionBand(models.Model):
    """One label of one measure: the z-scores it covers, and whether it counts for the
    "สูงดีสมส่วน" indicator (a missing bound is open)."""

    measure = models.CharField(max_length=3, choices=NutritionMeasure.choices)
    label = models.CharField(max_length=16, choices=NutritionLabel.choices)
    z_low = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    low_inclusive = models.BooleanField(default=True)
    z_high = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    high_inclusive = models.BooleanField(default=False)
    counts_as_good = models.BooleanField(
        default=False, help_text=_("Counts towards 'tall and proportionate' (สูงดีสมส่วน).")
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["measure", "order"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "label"], name="nutrition_band_unique"),
            models.CheckConstraint(
                name="nutrition_band_order",
                condition=Q(z_low__isnull=True)
                | Q(z_high__isnull=True)
                | Q(z_low__lte=F("z_high")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure}: {self.label}"

    def contains(self, z: Decimal) -> bool:
        low, high = self.z_low, self.z_high
        if low is not None and (z < low or (z == low and not self.low_inclusive)):
            return False
        return high is None or z < high or (z == high and self.high_inclusive)


class HealthMeasurement(models.Model):
    """Weight and height of one student in one term, with what follows from them."""

    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="+")
    term = models.ForeignKey("organisations.Term", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey("organisations.School", on_delete=models.PROTECT, related_name="+")
    classroom = models.ForeignKey(
        "organisations.Classroom", on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField()
    weight_kg = models.DecimalField(max_digits=4, decimal_places=1)
    height_cm = models.DecimalField(max_digits=4, decimal_places=1)
    #: Age on the date in whole days (the growth references are indexed by it).
    age_days = models.PositiveIntegerField()
    bmi = models.DecimalField(max_digits=4, decimal_places=2)
    #: WHO z-scores (pygrowup2): None where the reference does not cover the age.
    bmi_z = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    hfa_z = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    wfa_z = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    wfh_label = models.CharField(max_length=16, choices=NutritionLabel.choices, blank=True)
    hfa_label = models.CharField(max_length=16, choices=NutritionLabel.choices, blank=True)
    #: "สูงดีสมส่วน": both labels count as good; None when a label is missing.
    tall_and_proportionate = models.BooleanField(null=True, blank=True)
    recorded_by = acting_user()
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["student", "term"], name="one_measurement_per_term"),
            models.CheckConstraint(
                name="health_weight_plausible",
                condition=Q(weight_kg__gte=WEIGHT_MIN_KG, weight_kg__lte=WEIGHT_MAX_KG),
            ),
            models.CheckConstraint(
                name="health_height_plausible",
                condition=Q(height_cm__gte=HEIGHT_MIN_CM, height_cm__lte=HEIGHT_MAX_CM),
            ),
            models.CheckConstraint(
                name="health_bmi_plausible", condition=Q(bmi__gte=BMI_MIN, bmi__lte=BMI_MAX)
            ),
        ]
        indexes = [
            models.Index(fields=["school", "date"], name="health_school_date_idx"),
            models.Index(fields=["classroom", "term"], name="health_class_term_idx"),
        ]


class SdqForm(models.TextChoices):
    TEACHER = "teacher", _("Teacher")
    PARENT = "parent", _("Parent")
    SELF = "self", _("Self-report")


class SdqScale(models.TextChoices):
    TOTAL = "total", _("Total difficulties")
    EMOTIONAL = "emotional", _("Emotional symptoms")
    CONDUCT = "conduct", _("Conduct problems")
    HYPERACTIVITY = "hyperactivity", _("Hyperactivity")
    PEER = "peer", _("Peer problems")
    PROSOCIAL = "prosocial", _("Prosocial behaviour")


class SdqBandCode(models.TextChoices):
    NORMAL = "normal", _("Normal")
    AT_RISK = "at_risk", _("At risk")
    PROBLEM = "problem", _("Problem")


class SdqBand(models.Model):
    """Scores ``low``..``high`` (inclusive) of one scale on one form fall in ``band``."""

    form = models.CharField(max_length=8, choices=SdqForm.choices)
    scale = models.CharField(max_length=16, choices=SdqScale.choices)
    band = models.CharField(max_length=8, choices=SdqBandCode.choices)
    low = models.PositiveSmallIntegerField()
    high = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["form", "scale", "low"]
        constraints = [
            models.UniqueConstraint(fields=["form", "scale", "band"], name="sdq_band_unique"),
            models.CheckConstraint(
                name="sdq_band_range", condition=Q(low__lte=F("high"), high__lte=40)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.form} {self.scale} {self.low}-{self.high}: {self.band}"


def _without(text: Any, digit: str) -> Replace:
    return Replace(text, Value(digit), Value(""))


_SCORE = Q(emotional__lte=10, conduct__lte=10, hyperactivity__lte=10, peer__lte=10)


class SdqScreening(models.Model):
    """One SDQ form about one child: the 25 answers (numbers only), the scores and bands."""

    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey("organisations.School", on_delete=models.PROTECT, related_name="+")
    classroom = models.ForeignKey(
        "organisations.Classroom", on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField()
    form = models.CharField(max_length=8, choices=SdqForm.choices)
    #: Item 1 to 25 in order, one digit 0, 1 or 2 each, as answered (before any reversal).
    answers = models.CharField(max_length=25)
    emotional = models.PositiveSmallIntegerField()
    conduct = models.PositiveSmallIntegerField()
    hyperactivity = models.PositiveSmallIntegerField()
    peer = models.PositiveSmallIntegerField()
    prosocial = models.PositiveSmallIntegerField()
    total = models.PositiveSmallIntegerField()
    total_band = models.CharField(max_length=8, choices=SdqBandCode.choices, blank=True)
    #: Bands of the subscales that the band table covers for this form, {scale: band}.
    scale_bands = models.JSONField(default=dict, blank=True)
    recorded_by = acting_user()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="sdq_answers_25_digits_0_to_2",
                condition=Exact(Length("answers"), 25)
                & Exact(
                    _without(_without(_without(F("answers"), "0"), "1"), "2"),
                    Value(""),
                ),
            ),
            models.CheckConstraint(
                name="sdq_scores_in_range",
                condition=_SCORE
                & Q(prosocial__lte=10)
                & Q(total=F("emotional") + F("conduct") + F("hyperactivity") + F("peer")),
            ),
        ]
        indexes = [
            models.Index(fields=["student", "date"], name="sdq_student_date_idx"),
            models.Index(fields=["school", "date"], name="sdq_school_date_idx"),
        ]
