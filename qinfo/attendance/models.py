"""Attendance marks: one per student per school day (period 0), or per period where used.

Built for volume (a city ~2 million marks a year, a country ~2 billion): narrow rows, one-letter
status codes, the school copied onto the row so that scoping needs no join, and the unique
(student, date, period) index doubling as the lookup index. docs/decisions/0003 explains how the
table is partitioned by academic year on PostgreSQL at national scale.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qinfo.core.fields import acting_user


class AttendanceStatus(models.TextChoices):
    PRESENT = "P", _("Present")
    LATE = "L", _("Late")
    SICK = "S", _("Sick leave")
    LEAVE = "E", _("Personal leave")
    ABSENT = "A", _("Absent")
    ACTIVITY = "T", _("School activity")


#: Statuses that count as attending (docs/definitions.md §2).
ATTENDED = frozenset({AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.ACTIVITY})


def attendance_rate(counts: dict[str, int]) -> float | None:
    """Percent of marked days attended, from counts per status code; None with no marks."""
    total = sum(counts.values())
    if not total:
        return None
    return 100.0 * sum(counts.get(s, 0) for s in ATTENDED) / total


#: Daily attendance is recorded as period 0; periods 1..12 are lesson periods.
DAILY = 0
MAX_PERIOD = 12


class AttendanceMark(models.Model):
    # The composite indexes below lead with student, school and classroom, so these foreign keys
    # need no index of their own: at millions of rows each extra index costs space and load time.
    student = models.ForeignKey(
        "people.Student", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    date = models.DateField()
    period = models.PositiveSmallIntegerField(default=DAILY)
    school = models.ForeignKey(
        "organisations.School", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    classroom = models.ForeignKey(
        "organisations.Classroom", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    course = models.ForeignKey(
        "organisations.Course",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    status = models.CharField(max_length=1, choices=AttendanceStatus.choices)
    minutes_late = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    recorded_by = acting_user(db_index=False)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["student", "date", "period"], name="one_mark_per_student_day_period"
            ),
            models.CheckConstraint(
                name="attendance_period_range", condition=Q(period__lte=MAX_PERIOD)
            ),
            models.CheckConstraint(
                name="attendance_minutes_late_only_when_late",
                condition=Q(minutes_late__isnull=True)
                | Q(status=AttendanceStatus.LATE, minutes_late__lte=600),
            ),
        ]
        indexes = [
            models.Index(fields=["school", "date"], name="attendance_school_date_idx"),
            models.Index(fields=["classroom", "date"], name="attendance_class_date_idx"),
            # Period attendance only: most rows are daily marks with no course.
            models.Index(
                fields=["course", "date"],
                name="attendance_course_date_idx",
                condition=Q(course__isnull=False),
            ),
        ]
