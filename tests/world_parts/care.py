"""Home visits and poverty screenings for every child of the permission world: one of each per
enrolment (the mover has two of each), with a position, notes, a visitor, a finding and a photo
row, so that an analyst's answers can be checked for what they must not carry."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from qinfo.care.models import CarePhoto, HomeVisit, PovertyScreening, VisitFinding
from qinfo.enrolment.models import Enrolment
from qinfo.organisations.models import Staff

if TYPE_CHECKING:
    from tests.world import World


def extend(w: World) -> None:
    enrolments = Enrolment.objects.filter(student__in=w.students.values()).select_related(
        "academic_year", "student"
    )
    for enrolment in enrolments.order_by("pk"):
        day = enrolment.academic_year.start_date + dt.timedelta(days=40)
        place = {"latitude": Decimal("7.884100"), "longitude": Decimal("98.391200")}
        visit = HomeVisit.objects.create(
            student_id=enrolment.student_id,
            academic_year=enrolment.academic_year,
            date=day,
            notes="visit notes",
            follow_up_needed=True,
            follow_up_note="follow-up note",
            **place,
        )
        visit.visitors.set(Staff.objects.filter(school_id=enrolment.school_id)[:1])
        VisitFinding.objects.create(visit=visit, code="screen_time")
        screening = PovertyScreening.objects.create(
            student_id=enrolment.student_id,
            household_id=enrolment.student.household_id,
            academic_year=enrolment.academic_year,
            date=day,
            members=4,
            monthly_income=Decimal("10000.00"),
            income_per_member=Decimal("2500.00"),
            dependant_elderly=True,
            tenure="rented",
            housing="good",
            farm_land="not_farming",
            water="tap",
            electricity="own_meter",
            vehicles="motorcycle",
            appliances="several",
            hardship_items=2,
            extremely_poor=True,
            notes="screening notes",
            **place,
        )
        CarePhoto.objects.bulk_create(
            [
                CarePhoto(
                    student_id=enrolment.student_id,
                    visit=visit,
                    image="care/none.jpg",
                    width=1,
                    height=1,
                ),
                CarePhoto(
                    student_id=enrolment.student_id,
                    screening=screening,
                    image="care/none.jpg",
                    width=1,
                    height=1,
                ),
            ]
        )
