"""Student care: the household poverty screening (EEF form นร.01) and home visits.

The rule that flags a child "extremely poor" is data, not code: the income threshold and the number
of hardship items come from ``PovertyThreshold`` rows, and which answer of each household item
counts as a hardship from ``HouseholdItemRule`` rows (both seeded by a migration, editable).
The flag is computed when a screening is recorded and kept on the screening, so it always says
what the rule said at the time (docs/definitions.md §12).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qinfo.core.fields import acting_user
from qinfo.organisations.models import AcademicYear, Staff
from qinfo.people.models import Household, Student


class Tenure(models.TextChoices):
    OWN = "own", _("Own house")
    WITH_OTHERS = "with_others", _("Lives with relatives or others, rent-free")
    RENTED = "rented", _("Rented")
    EMPLOYER = "employer", _("Dormitory or employer's housing")


class Housing(models.TextChoices):
    GOOD = "good", _("Sound condition")
    WORN = "worn", _("Worn, needs repair")
    DILAPIDATED = "dilapidated", _("Dilapidated or makeshift")


class FarmLand(models.TextChoices):
    NOT_FARMING = "not_farming", _("Not a farming household")
    OVER_ONE_RAI = "over_one_rai", _("Farms more than 1 rai of own land")
    UP_TO_ONE_RAI = "up_to_one_rai", _("Farms 1 rai or less of own land")
    NO_OWN_LAND = "no_own_land", _("Farms land it does not own")


class Water(models.TextChoices):
    BOTTLED = "bottled", _("Bottled or filtered water")
    TAP = "tap", _("Tap water")
    WELL = "well", _("Well or ground water")
    NATURAL = "natural", _("Rain or natural sources")


class Electricity(models.TextChoices):
    OWN_METER = "own_meter", _("Own electricity meter")
    SHARED = "shared", _("Shared or borrowed from a neighbour")
    NONE = "none", _("No electricity")


class Vehicles(models.TextChoices):
    CAR = "car", _("Car, pickup or farm vehicle")
    MOTORCYCLE = "motorcycle", _("Motorcycle only")
    NONE = "none", _("No vehicle")


class Appliances(models.TextChoices):
    SEVERAL = "several", _("Two or more working appliances")
    ONE = "one", _("One working appliance")
    NONE = "none", _("No working appliance")


class HouseholdItem(models.TextChoices):
    """The 8 household-status items of form นร.01, in the form's order."""

    DEPENDANTS = "dependants", _("Dependants")
    TENURE = "tenure", _("Tenure")
    HOUSING = "housing", _("Housing condition")
    FARM_LAND = "farm_land", _("Farm land")
    WATER = "water", _("Drinking water")
    ELECTRICITY = "electricity", _("Electricity")
    VEHICLES = "vehicles", _("Vehicles")
    APPLIANCES = "appliances", _("Working appliances")


#: The answer codes of each item ("dependants": "yes" when the household has any dependant).
ITEM_CHOICES: dict[str, type[models.TextChoices]] = {
    HouseholdItem.TENURE: Tenure,
    HouseholdItem.HOUSING: Housing,
    HouseholdItem.FARM_LAND: FarmLand,
    HouseholdItem.WATER: Water,
    HouseholdItem.ELECTRICITY: Electricity,
    HouseholdItem.VEHICLES: Vehicles,
    HouseholdItem.APPLIANCES: Appliances,
}


class PovertyThreshold(models.Model):
    """The cut-off in force from a date: income per member and the number of hardship items."""

    valid_from = models.DateField(unique=True)
    max_income_per_member = models.DecimalField(
        max_digits=8, decimal_places=2, help_text="baht per member per month"
    )
    min_hardship_items = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["valid_from"]
        constraints = [
            models.CheckConstraint(
                name="poverty_threshold_income_positive", condition=Q(max_income_per_member__gt=0)
            ),
            models.CheckConstraint(
                name="poverty_threshold_items_range",
                condition=Q(min_hardship_items__gte=0, min_hardship_items__lte=8),
            ),
        ]

    def __str__(self) -> str:
        return f"≤ {self.max_income_per_member} baht, ≥ {self.min_hardship_items} items"


class HouseholdItemRule(models.Model):
    """Whether one answer to one household item counts as a hardship."""

    item = models.CharField(max_length=16, choices=HouseholdItem.choices)
    code = models.CharField(max_length=16)
    hardship = models.BooleanField()

    class Meta:
        ordering = ["item", "code"]
        constraints = [
            models.UniqueConstraint(fields=["item", "code"], name="household_item_rule_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item}={self.code}: {self.hardship}"


class Located(models.Model):
    """A GPS position taken where the record was made (optional)."""

    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        abstract = True


def located_constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            name=f"{prefix}_position_whole",
            condition=Q(latitude__isnull=True, longitude__isnull=True)
            | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
        )
    ]


class PovertyScreening(Located):
    """One filled-in form นร.01 for a child's household."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="screenings")
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.SET_NULL, related_name="screenings"
    )
    academic_year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    members = models.PositiveSmallIntegerField()
    monthly_income = models.DecimalField(
        max_digits=10, decimal_places=2, help_text="whole household, baht per month"
    )
    income_per_member = models.DecimalField(max_digits=10, decimal_places=2)
    dependant_disabled_or_ill = models.BooleanField(default=False)
    dependant_elderly = models.BooleanField(default=False)
    dependant_jobless_adult = models.BooleanField(default=False)
    tenure = models.CharField(max_length=16, choices=Tenure.choices)
    housing = models.CharField(max_length=16, choices=Housing.choices)
    farm_land = models.CharField(max_length=16, choices=FarmLand.choices)
    water = models.CharField(max_length=16, choices=Water.choices)
    electricity = models.CharField(max_length=16, choices=Electricity.choices)
    vehicles = models.CharField(max_length=16, choices=Vehicles.choices)
    appliances = models.CharField(max_length=16, choices=Appliances.choices)
    hardship_items = models.PositiveSmallIntegerField()
    extremely_poor = models.BooleanField()
    notes = models.TextField(blank=True)
    recorded_by = acting_user(db_constraint=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(name="screening_members_positive", condition=Q(members__gte=1)),
            models.CheckConstraint(
                name="screening_income_not_negative",
                condition=Q(monthly_income__gte=0, income_per_member__gte=0),
            ),
            models.CheckConstraint(
                name="screening_items_range", condition=Q(hardship_items__lte=8)
            ),
            *located_constraints("screening"),
        ]
        indexes = [models.Index(fields=["student", "date"], name="screening_student_idx")]

    def __str__(self) -> str:
        return f"screening {self.pk} of student {self.student_id}"


class Finding(models.TextChoices):
    """What a home visit may find (DOMAIN.md §5: family, poverty, behaviour, risks)."""

    NOT_WITH_PARENTS = "not_with_parents", _("Family: does not live with either parent")
    FAMILY_CONFLICT = "family_conflict", _("Family: conflict or violence at home")
    LITTLE_CARE = "little_care", _("Family: left alone or little care after school")
    LOW_INCOME = "low_income", _("Poverty: household income not enough to live on")
    POOR_HOUSING = "poor_housing", _("Poverty: poor or unsafe housing")
    CHILD_WORKS = "child_works", _("Poverty: the child works to support the family")
    NO_STUDY_PLACE = "no_study_place", _("Behaviour: no time or place to study")
    SCREEN_TIME = "screen_time", _("Behaviour: excessive games or phone use")
    CONDUCT = "conduct", _("Behaviour: conduct problems at home")
    HEALTH = "health", _("Risk: illness or disability without care")
    SUBSTANCES = "substances", _("Risk: drugs, alcohol or tobacco")
    SEXUAL = "sexual", _("Risk: sexual risk")
    ABUSE = "abuse", _("Risk: abuse or neglect")
    JOURNEY = "journey", _("Risk: long or unsafe journey to school")


class HomeVisit(Located):
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="home_visits")
    academic_year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    visitors = models.ManyToManyField(Staff, blank=True, related_name="home_visits")
    notes = models.TextField(blank=True)
    follow_up_needed = models.BooleanField(default=False)
    follow_up_note = models.CharField(max_length=500, blank=True)
    recorded_by = acting_user(db_constraint=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(
                name="visit_follow_up_explained",
                condition=Q(follow_up_needed=False) | ~Q(follow_up_note=""),
            ),
            *located_constraints("visit"),
        ]
        indexes = [models.Index(fields=["student", "date"], name="visit_student_idx")]

    def __str__(self) -> str:
        return f"home visit {self.pk} of student {self.student_id}"


class VisitFinding(models.Model):
    visit = models.ForeignKey(HomeVisit, on_delete=models.CASCADE, related_name="findings")
    code = models.CharField(max_length=20, choices=Finding.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["visit", "code"], name="visit_finding_unique")
        ]


class CarePhoto(models.Model):
    """A photo of a home visit or of a screening's house; served only by the protected view."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="care_photos")
    visit = models.ForeignKey(
        HomeVisit, null=True, blank=True, on_delete=models.CASCADE, related_name="photos"
    )
    screening = models.ForeignKey(
        PovertyScreening, null=True, blank=True, on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(max_length=200)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                name="care_photo_one_parent",
                condition=Q(visit__isnull=False, screening__isnull=True)
                | Q(visit__isnull=True, screening__isnull=False),
            )
        ]
