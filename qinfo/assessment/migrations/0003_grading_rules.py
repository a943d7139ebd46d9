"""Seeds the editable thresholds of the grade book (docs/definitions.md §8, DOMAIN.md §3–4)."""

from decimal import Decimal

from django.db import migrations

RULES = [
    (
        "final_min_attendance",
        Decimal("80"),
        "Course attendance (percent) needed to sit the final assessment; below it มส is "
        "proposed (DOMAIN.md §3, §4).",
    ),
    (
        "makeup_min_attendance",
        Decimal("60"),
        "Lowest course attendance (percent) at which a มส may be made up by extra study; "
        "below it the course is repeated (DOMAIN.md §4).",
    ),
    (
        "activity_min_attendance",
        Decimal("80"),
        "Attendance (percent) a learner-development activity needs for ผ (DOMAIN.md §4).",
    ),
    (
        "activity_pass_score",
        Decimal("50"),
        "Lowest total (percent) of an activity's items for ผ, when the activity has items.",
    ),
    (
        "makeup_max_grade",
        Decimal("1"),
        "Highest grade a มส made up by extra study can earn (school practice; unverified).",
    ),
]


def seed(apps, schema_editor):
    GradingRule = apps.get_model("assessment", "GradingRule")
    for code, value, description in RULES:
        GradingRule.objects.update_or_create(
            code=code, defaults={"value": value, "description": description}
        )


def unseed(apps, schema_editor):
    apps.get_model("assessment", "GradingRule").objects.filter(
        code__in=[code for code, _, _ in RULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("assessment", "0002_gradebook")]
    operations = [migrations.RunPython(seed, unseed)]
