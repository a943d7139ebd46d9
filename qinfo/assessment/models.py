"""Course results: per student per course (and so per term): score, grade or special mark."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["student", "course"], name="one_result_per_course"),
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
