"""Seeds the editable tables: the Thai nutrition-label cut-offs and the SDQ bands.

Nutrition labels (DOMAIN.md §5, Thai Department of Health): lines at the median, ±1.5 SD, ±2 SD
and +3 SD of the z-score; the middle label includes both of its edges, a label below the middle
includes its lower edge, a label above includes its upper edge (docs/definitions.md §10).
SDQ bands (DOMAIN.md §5): total difficulties, teacher 0–15 / 16–18 / 19–40, parent and self-report
0–16 / 17–18 / 19–40; self-report emotional symptoms 0–5 / 6 / 7–10.
"""

from decimal import Decimal

from django.db import migrations

# measure, label, low, low inclusive, high, high inclusive, counts as good
NUTRITION = [
    ("wfh", "thin", None, True, "-2", False, False),
    ("wfh", "rather_thin", "-2", True, "-1.5", False, False),
    ("wfh", "proportionate", "-1.5", True, "1.5", True, True),
    ("wfh", "plump", "1.5", False, "2", True, False),
    ("wfh", "overweight", "2", False, "3", True, False),
    ("wfh", "obese", "3", False, None, False, False),
    ("hfa", "short", None, True, "-2", False, False),
    ("hfa", "rather_short", "-2", True, "-1.5", False, False),
    ("hfa", "normal_height", "-1.5", True, "1.5", True, True),
    ("hfa", "rather_tall", "1.5", False, "2", True, True),
    ("hfa", "tall", "2", False, None, False, True),
]

SDQ = [
    (form, "total", band, low, high)
    for form, cuts in (
        ("teacher", ((0, 15), (16, 18), (19, 40))),
        ("parent", ((0, 16), (17, 18), (19, 40))),
        ("self", ((0, 16), (17, 18), (19, 40))),
    )
    for band, (low, high) in zip(("normal", "at_risk", "problem"), cuts, strict=True)
] + [
    ("self", "emotional", "normal", 0, 5),
    ("self", "emotional", "at_risk", 6, 6),
    ("self", "emotional", "problem", 7, 10),
]


def _decimal(value):
    return None if value is None else Decimal(value)


def seed(apps, schema_editor):
    NutritionBand = apps.get_model("wellbeing", "NutritionBand")
    SdqBand = apps.get_model("wellbeing", "SdqBand")
    NutritionBand.objects.bulk_create(
        NutritionBand(
            measure=measure,
            label=label,
            z_low=_decimal(low),
            low_inclusive=low_inclusive,
            z_high=_decimal(high),
            high_inclusive=high_inclusive,
            counts_as_good=good,
            order=order,
        )
        for order, (measure, label, low, low_inclusive, high, high_inclusive, good) in enumerate(
            NUTRITION
        )
    )
    SdqBand.objects.bulk_create(
        SdqBand(form=form, scale=scale, band=band, low=low, high=high)
        for form, scale, band, low, high in SDQ
    )


def unseed(apps, schema_editor):
    apps.get_model("wellbeing", "NutritionBand").objects.all().delete()
    apps.get_model("wellbeing", "SdqBand").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("wellbeing", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
