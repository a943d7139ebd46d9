"""Health measurements and SDQ screenings for every child of the permission world: one of each
per enrolment (the mover has two: last year at school B, this year at school A)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from qinfo.enrolment.models import Enrolment
from qinfo.wellbeing.models import HealthMeasurement, SdqScreening

if TYPE_CHECKING:
    from tests.world import World


def extend(w: World) -> None:
    terms = {year.pk: term for term in w.terms.values() for year in [term.academic_year]}
    health: list[HealthMeasurement] = []
    screenings: list[SdqScreening] = []
    for enrolment in Enrolment.objects.filter(student__in=w.students.values()).order_by("pk"):
        term = terms[enrolment.academic_year_id]
        day = term.start_date + dt.timedelta(days=30)
        health.append(
            HealthMeasurement(
                student_id=enrolment.student_id,
                term=term,
                school_id=enrolment.school_id,
                classroom_id=enrolment.classroom_id,
                date=day,
                weight_kg=Decimal("22.4"),
                height_cm=Decimal("121.5"),
                age_days=2500,
                bmi=Decimal("15.17"),
                bmi_z=Decimal("-0.21"),
                hfa_z=Decimal("0.12"),
                wfa_z=Decimal("-0.05"),
                wfh_label="proportionate",
                hfa_label="normal_height",
                tall_and_proportionate=True,
            )
        )
        screenings.append(
            SdqScreening(
                student_id=enrolment.student_id,
                school_id=enrolment.school_id,
                classroom_id=enrolment.classroom_id,
                date=day,
                form="teacher",
                answers="1" * 25,
                emotional=5,
                conduct=5,
                hyperactivity=5,
                peer=5,
                prosocial=5,
                total=20,
                total_band="problem",
            )
        )
    HealthMeasurement.objects.bulk_create(health)
    SdqScreening.objects.bulk_create(screenings)
