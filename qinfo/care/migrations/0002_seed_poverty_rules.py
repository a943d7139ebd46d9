"""Seeds the extremely-poor rule (docs/definitions.md §12): editable rows, not constants."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

#: (item, code, counts as a hardship)
ITEM_RULES = [
    ("dependants", "yes", True),
    ("dependants", "no", False),
    ("tenure", "own", False),
    ("tenure", "with_others", True),
    ("tenure", "rented", True),
    ("tenure", "employer", True),
    ("housing", "good", False),
    ("housing", "worn", False),
    ("housing", "dilapidated", True),
    ("farm_land", "not_farming", False),
    ("farm_land", "over_one_rai", False),
    ("farm_land", "up_to_one_rai", True),
    ("farm_land", "no_own_land", True),
    ("water", "bottled", False),
    ("water", "tap", False),
    ("water", "well", True),
    ("water", "natural", True),
    ("electricity", "own_meter", False),
    ("electricity", "shared", True),
    ("electricity", "none", True),
    ("vehicles", "car", False),
    ("vehicles", "motorcycle", False),
    ("vehicles", "none", True),
    ("appliances", "several", False),
    ("appliances", "one", False),
    ("appliances", "none", True),
]


def seed(apps, schema_editor):
    threshold = apps.get_model("care", "PovertyThreshold")
    rule = apps.get_model("care", "HouseholdItemRule")
    threshold.objects.create(
        valid_from=dt.date(2000, 1, 1),
        max_income_per_member=Decimal("3000.00"),
        min_hardship_items=2,
        source=(
            "EEF form นร.01: income per member at most 3,000 baht a month; "
            "qinfo's approximation of the proxy-means test: at least 2 of the 8 household items"
        ),
    )
    rule.objects.bulk_create(
        [rule(item=item, code=code, hardship=hardship) for item, code, hardship in ITEM_RULES]
    )


def unseed(apps, schema_editor):
    apps.get_model("care", "PovertyThreshold").objects.all().delete()
    apps.get_model("care", "HouseholdItemRule").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("care", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
