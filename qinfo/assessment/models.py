"""Course results: per student per course (and so per term): score, grade or special mark; and the
grade book behind them (docs/definitions.md §8): assessment items with weights, item scores, the
history of every change to a result, ratings per student per term, and the editable thresholds."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qinfo.core.fields import acting_user

#: Grades of the Basic Education Core Curriculum 2551: 0 to 4 in steps of 0.5.
GRADES = tuple(Decimal(n) / 2 for n in range(9))


class SpecialMark(models.TextChoices):
    INCOMPLETE = "ร", _("Incomplete (ร)")
    NOT_ELIGIBLE = "มส", _("Not eligible for the final (มส)")
    PASS = "ผ", _("Pass (ผ)")
    FAIL = "มผ", _("Not pass (มผ)")


class CourseResult(models.Model):
    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="+")
    course = models.ForeignKey("organisations.Course", on_delete=models.PROTECT, related_name="+")
    # Copies of course.term and course.classroom.school for cheap scoping and per-term queries.
    term = models.ForeignKey("organisations.Term", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey("organisations.School", on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    grade = models.DecimalField(max_digits=2, decimal_places=1, null=True, blank=True)
    special_mark = models.CharField(max_length=2, choices=SpecialMark.choices, blank=True)
    #: มส proposed by the grade book (course attendance under the threshold), until a teacher or
    #: registrar confirms or dismisses it; "" when nothing is proposed.
    proposed_mark = models.CharField(
        max_length=2, choices=SpecialMark.choices, blank=True, default="", db_default=""
    )
    #: The student's course attendance (percent) when the result was last computed.
    attendance = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    #: Set by a person's decision (a confirmed or dismissed proposal, a make-up, a direct entry):
    #: computing the course again leaves the result alone.
    decided = models.BooleanField(default=False, db_default=False)
    recorded_by = acting_user()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["student", "course"], name="one_result_per_course"),
            models.CheckConstraint(
                name="result_proposal_is_not_eligible",
                condition=Q(proposed_mark__in=["", SpecialMark.NOT_ELIGIBLE.value]),
            ),
            models.CheckConstraint(
                name="result_score_range",
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
            ),
            models.CheckConstraint(
                name="result_grade_steps", condition=Q(grade__isnull=True) | Q(grade__in=GRADES)
            ),
            models.CheckConstraint(
                name="result_grade_or_mark",
                condition=Q(grade__isnull=True) | Q(special_mark=""),
            ),
        ]
        indexes = [models.Index(fields=["school", "term"], name="result_school_term_idx")]


class ItemKind(models.TextChoices):
    COURSEWORK = "coursework", _("Coursework")
    MIDTERM = "midterm", _("Midterm examination")
    FINAL = "final", _("Final examination")
    PRACTICAL = "practical", _("Practical work")
    OTHER = "other", _("Other")


class AssessmentItem(models.Model):
    """One scored part of a course (e.g. coursework out of 70, weight 70). The weights of a
    course's items total 100 (checked by the service, which writes the whole set at once)."""

    course = models.ForeignKey(
        "organisations.Course", on_delete=models.CASCADE, related_name="assessment_items"
    )
    position = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=16, choices=ItemKind.choices)
    weight = models.DecimalField(max_digits=5, decimal_places=2)
    max_score = models.DecimalField(max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["course_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "name"], name="item_name_unique"),
            models.CheckConstraint(
                name="item_weight_range", condition=Q(weight__gt=0, weight__lte=100)
            ),
            models.CheckConstraint(name="item_max_positive", condition=Q(max_score__gt=0)),
        ]

    def __str__(self) -> str:
        return self.name


class ItemScore(models.Model):
    """A student's score on one item; no row means the score is missing."""

    # Big table (a score per student, course and item): the unique (item, student) index and the
    # student index serve every lookup, so the foreign keys get no index of their own.
    item = models.ForeignKey(
        AssessmentItem, on_delete=models.CASCADE, related_name="scores", db_index=False
    )
    student = models.ForeignKey(
        "people.Student", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # A copy of item.course.classroom.school for cheap scoping.
    school = models.ForeignKey(
        "organisations.School", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    score = models.DecimalField(max_digits=6, decimal_places=2)
    recorded_by = acting_user(db_index=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "student"], name="one_score_per_item"),
            models.CheckConstraint(name="item_score_not_negative", condition=Q(score__gte=0)),
        ]
        indexes = [models.Index(fields=["student"], name="item_score_student_idx")]


class RevisionKind(models.TextChoices):
    COMPUTED = "computed", _("Computed from the grade book")
    RECORDED = "recorded", _("Recorded directly")
    CONFIRMED = "confirmed", _("Proposal confirmed")
    DISMISSED = "dismissed", _("Proposal dismissed")
    MAKE_UP = "make_up", _("Make-up")


class ResultRevision(models.Model):
    """One change of a course result: the values before and after, why, when and by whom.
    Rows are only ever added: the previous value of a result is never lost."""

    result = models.ForeignKey(CourseResult, on_delete=models.PROTECT, related_name="revisions")
    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey("organisations.School", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=RevisionKind.choices)
    reason = models.CharField(max_length=300, blank=True)
    before_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    before_grade = models.DecimalField(max_digits=2, decimal_places=1, null=True, blank=True)
    before_mark = models.CharField(max_length=2, blank=True)
    after_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    after_grade = models.DecimalField(max_digits=2, decimal_places=1, null=True, blank=True)
    after_mark = models.CharField(max_length=2, blank=True)
    actor = acting_user()
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["result_id", "changed_at", "id"]
        indexes = [models.Index(fields=["student"], name="revision_student_idx")]


class Trait(models.TextChoices):
    """Rated per student per term: reading, analytical thinking and writing, and the 8 desirable
    characteristics of the Basic Education Core Curriculum 2551."""

    RTW = "rtw", _("Reading, analytical thinking and writing")
    NATION = "nation", _("Loves nation, religion and king")
    HONEST = "honest", _("Honest")
    DISCIPLINE = "discipline", _("Disciplined")
    LEARNING = "learning", _("Eager to learn")
    SUFFICIENCY = "sufficiency", _("Lives sufficiently")
    DEDICATION = "dedication", _("Dedicated to work")
    THAINESS = "thainess", _("Cherishes Thai ways")
    PUBLIC_MIND = "public_mind", _("Public-minded")


class RatingLevel(models.IntegerChoices):
    EXCELLENT = 3, _("Excellent")
    GOOD = 2, _("Good")
    PASS = 1, _("Pass")
    FAIL = 0, _("Not pass")


class Rating(models.Model):
    # Big table: the unique (student, term, trait) and (classroom, term) indexes serve the
    # lookups, so the foreign keys get no index of their own.
    student = models.ForeignKey(
        "people.Student", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    term = models.ForeignKey(
        "organisations.Term", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    classroom = models.ForeignKey(
        "organisations.Classroom", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    school = models.ForeignKey(
        "organisations.School", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    trait = models.CharField(max_length=16, choices=Trait.choices)
    level = models.PositiveSmallIntegerField(choices=RatingLevel.choices)
    recorded_by = acting_user(db_index=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["student", "term", "trait"], name="one_rating"),
            models.CheckConstraint(name="rating_level_range", condition=Q(level__lte=3)),
        ]
        indexes = [models.Index(fields=["classroom", "term"], name="rating_class_term_idx")]


class GradingRule(models.Model):
    """An editable threshold of the grade book (seeded by a data migration; docs §8)."""

    code = models.SlugField(max_length=40, unique=True)
    value = models.DecimalField(max_digits=6, decimal_places=2)
    description = models.CharField(max_length=300)

    def __str__(self) -> str:
        return f"{self.code} = {self.value}"
