"""Children and their families: students, households, household members, guardians."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qinfo.organisations.models import Sex


class IdentifierKind(models.TextChoices):
    NATIONAL_ID = "national_id", _("National ID")
    G_CODE = "g_code", _("G-code")
    PENDING = "pending", _("Not yet known")


class Religion(models.TextChoices):
    BUDDHISM = "buddhism", _("Buddhism")
    ISLAM = "islam", _("Islam")
    CHRISTIANITY = "christianity", _("Christianity")
    OTHER = "other", _("Other")
    NONE = "none", _("None")


class SpecialNeed(models.TextChoices):
    """The nine special-education categories (DOMAIN.md §6)."""

    VISUAL = "visual", _("Visual impairment")
    HEARING = "hearing", _("Hearing impairment")
    INTELLECTUAL = "intellectual", _("Intellectual disability")
    PHYSICAL = "physical", _("Physical or health impairment")
    LEARNING = "learning", _("Learning disability")
    SPEECH = "speech", _("Speech or language disorder")
    BEHAVIOURAL = "behavioural", _("Behavioural or emotional disorder")
    AUTISM = "autism", _("Autism")
    MULTIPLE = "multiple", _("Multiple disabilities")


class Relation(models.TextChoices):
    FATHER = "father", _("Father")
    MOTHER = "mother", _("Mother")
    GRANDPARENT = "grandparent", _("Grandparent")
    SIBLING = "sibling", _("Sibling")
    RELATIVE = "relative", _("Relative")
    OTHER = "other", _("Other")


class Occupation(models.TextChoices):
    FARMER = "farmer", _("Farmer or fisher")
    LABOURER = "labourer", _("Labourer")
    TRADER = "trader", _("Trader")
    EMPLOYEE = "employee", _("Company employee")
    GOVERNMENT = "government", _("Government employee")
    SERVICE = "service", _("Tourism and services")
    SELF_EMPLOYED = "self_employed", _("Self-employed")
    UNEMPLOYED = "unemployed", _("Unemployed")
    OTHER = "other", _("Other")


class Address(models.Model):
    """Address fields with the Department of Provincial Administration (DOPA) codes."""

    house_no = models.CharField(max_length=20, blank=True)
    village_no = models.CharField(max_length=10, blank=True)
    street = models.CharField(max_length=200, blank=True)
    province_code = models.CharField(max_length=2, blank=True)
    amphoe_code = models.CharField(max_length=4, blank=True)
    tambon_code = models.CharField(max_length=6, blank=True)
    village_code = models.CharField(max_length=8, blank=True)
    postcode = models.CharField(max_length=5, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        abstract = True


class Household(Address):
    house_registration_no = models.CharField(max_length=11, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"household {self.pk}"


class HouseholdMember(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    title_th = models.CharField(max_length=30, blank=True)
    first_name_th = models.CharField(max_length=100)
    last_name_th = models.CharField(max_length=100)
    relation = models.CharField(max_length=16, choices=Relation.choices)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    occupation = models.CharField(max_length=16, choices=Occupation.choices, blank=True)
    monthly_income = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, help_text="baht per month"
    )
    phone = models.CharField(max_length=20, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="member_income_not_negative",
                condition=Q(monthly_income__isnull=True) | Q(monthly_income__gte=0),
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_name_th} {self.last_name_th}"


class Student(Address):
    """One record per child, kept across years and schools."""

    identifier_kind = models.CharField(max_length=16, choices=IdentifierKind.choices)
    identifier = models.CharField(_("national ID or G-code"), max_length=13, null=True, blank=True)
    title_th = models.CharField(max_length=30, blank=True)
    first_name_th = models.CharField(max_length=100)
    last_name_th = models.CharField(max_length=100)
    first_name_en = models.CharField(max_length=100, blank=True)
    last_name_en = models.CharField(max_length=100, blank=True)
    nickname = models.CharField(max_length=50, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices)
    birth_date = models.DateField()
    nationality = models.CharField(max_length=2, default="TH", help_text="ISO 3166-1 alpha-2")
    religion = models.CharField(max_length=16, choices=Religion.choices, blank=True)
    special_need = models.CharField(max_length=16, choices=SpecialNeed.choices, blank=True)
    disability_notes = models.CharField(max_length=300, blank=True)
    photo = models.FileField(upload_to="students/", blank=True)
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.SET_NULL, related_name="students"
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_records"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["identifier"],
                condition=Q(identifier__isnull=False),
                name="student_identifier_unique",
            ),
            models.CheckConstraint(
                name="student_identifier_matches_kind",
                condition=(
                    Q(identifier_kind=IdentifierKind.PENDING, identifier__isnull=True)
                    | Q(
                        identifier_kind=IdentifierKind.NATIONAL_ID,
                        identifier__isnull=False,
                        identifier__length=13,
                    )
                    | Q(
                        identifier_kind=IdentifierKind.G_CODE,
                        identifier__isnull=False,
                        identifier__startswith="G",
                        identifier__length=13,
                    )
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["last_name_th", "first_name_th"], name="student_name_idx"),
            models.Index(fields=["birth_date"], name="student_birth_idx"),
        ]

    @property
    def full_name_th(self) -> str:
        return thai_full_name(self.title_th, self.first_name_th, self.last_name_th)

    def __str__(self) -> str:
        return self.full_name_th


def thai_full_name(title: str, first: str, last: str) -> str:
    """A Thai full name as written: the title joined to the first name, e.g. "ด.ช.สมชาย ใจดี"."""
    return f"{title}{first} {last}"


class Guardianship(models.Model):
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="guardianships")
    member = models.ForeignKey(
        HouseholdMember, on_delete=models.CASCADE, related_name="guardianships"
    )
    relation = models.CharField(max_length=16, choices=Relation.choices)
    is_primary = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["student", "member"], name="guardianship_unique"),
            models.UniqueConstraint(
                fields=["student"], condition=Q(is_primary=True), name="one_primary_guardian"
            ),
        ]
