"""A student's place in a classroom for an academic year, and proposals to merge duplicates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class EnrolmentStatus(models.TextChoices):
    """docs/definitions.md defines each status precisely."""

    ACTIVE = "active", _("Studying")
    PROMOTED = "promoted", _("Completed the year, promoted")
    REPEATING = "repeating", _("Completed the year, repeats the grade")
    GRADUATED = "graduated", _("Graduated")
    TRANSFERRED_OUT = "transferred_out", _("Transferred out")
    DROPPED_OUT = "dropped_out", _("Dropped out")
    DECEASED = "deceased", _("Deceased")


#: Statuses that end an enrolment before the year is over; each needs a date and a reason.
EXIT_STATUSES = frozenset(
    {EnrolmentStatus.TRANSFERRED_OUT, EnrolmentStatus.DROPPED_OUT, EnrolmentStatus.DECEASED}
)
#: Statuses that close an enrolment at the end of the year.
YEAR_END_STATUSES = frozenset(
    {EnrolmentStatus.PROMOTED, EnrolmentStatus.REPEATING, EnrolmentStatus.GRADUATED}
)


class ExitReason(models.TextChoices):
    """OBEC's dropout follow-up list of reasons a child leaves school (DOMAIN.md §6)."""

    TRAVEL = "travel", _("Travel difficulty")
    HEALTH = "health", _("Health")
    DISABILITY = "disability", _("Disability")
    AT_RISK_GROUP = "at_risk_group", _("At-risk group")
    DISASTER = "disaster", _("Disaster")
    FAMILY_NECESSITY = "family_necessity", _("Family necessity")
    BROKE_RULES = "broke_rules", _("Broke school rules")
    FAMILY_SITUATION = "family_situation", _("Family situation")
    LOW_INCOME = "low_income", _("Low parental income")
    SOCIAL_ADJUSTMENT = "social_adjustment", _("Social adjustment")
    COMPULSORY_DONE = "compulsory_done", _("Finished compulsory education, not continuing")
    COVID = "covid", _("COVID-19")
    OVER_AGE = "over_age", _("Over age")
    OTHER_AFFILIATION = "other_affiliation", _("Moved to another affiliation")
    ABROAD = "abroad", _("Moved abroad")
    SAME_AFFILIATION = "same_affiliation", _("Moved within the same affiliation")
    DEATH = "death", _("Death")
    MOVED_HOUSE = "moved_house", _("Moved house")
    UNSPECIFIED = "unspecified", _("Unspecified")


class Enrolment(models.Model):
    student = models.ForeignKey(
        "people.Student", on_delete=models.PROTECT, related_name="enrolments"
    )
    classroom = models.ForeignKey(
        "organisations.Classroom", on_delete=models.PROTECT, related_name="enrolments"
    )
    # Copies of classroom.school and classroom.academic_year, so that the database itself can
    # hold "one active enrolment per student per year" and scope queries by school cheaply.
    # Only enrolment services write them, always from the classroom.
    school = models.ForeignKey(
        "organisations.School", on_delete=models.PROTECT, related_name="enrolments"
    )
    academic_year = models.ForeignKey(
        "organisations.AcademicYear", on_delete=models.PROTECT, related_name="enrolments"
    )
    student_number = models.CharField(_("student number"), max_length=20, blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=EnrolmentStatus.choices)
    exit_reason = models.CharField(max_length=24, choices=ExitReason.choices, blank=True)
    destination = models.CharField(_("destination school"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["student", "academic_year"],
                condition=Q(status="active"),
                name="one_active_enrolment_per_year",
            ),
            models.CheckConstraint(
                name="enrolment_dates_ordered",
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
            ),
            models.CheckConstraint(
                name="enrolment_active_has_no_end",
                condition=~Q(status="active") | Q(end_date__isnull=True),
            ),
            models.CheckConstraint(
                name="enrolment_closed_has_end",
                condition=Q(status="active") | Q(end_date__isnull=False),
            ),
            models.CheckConstraint(
                name="enrolment_exit_has_reason",
                condition=~Q(status__in=sorted(EXIT_STATUSES)) | ~Q(exit_reason=""),
            ),
        ]
        indexes = [
            models.Index(
                fields=["school", "academic_year", "status"], name="enrol_school_year_idx"
            ),
            models.Index(fields=["classroom", "status"], name="enrol_classroom_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.student_id} in {self.classroom_id} ({self.status})"


class MatchReason(models.TextChoices):
    SAME_IDENTIFIER = "same_identifier", _("Same national ID or G-code")
    SAME_NAME_BIRTH = "same_name_birth", _("Same name and birth date")


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Merged")
    REJECTED = "rejected", _("Not the same child")


class StudentMatch(models.Model):
    """Two records that may be the same child. Only an officer's confirmation merges them."""

    keep = models.ForeignKey("people.Student", on_delete=models.CASCADE, related_name="+")
    duplicate = models.ForeignKey("people.Student", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=24, choices=MatchReason.choices)
    status = models.CharField(
        max_length=16, choices=MatchStatus.choices, default=MatchStatus.PROPOSED
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["keep", "duplicate"], name="student_match_unique"),
            models.CheckConstraint(
                name="student_match_distinct", condition=~Q(keep=F("duplicate"))
            ),
        ]
