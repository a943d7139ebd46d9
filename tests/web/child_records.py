"""Rows of the other domains (wellbeing, care, exams) for one child of the page world, written
straight through the ORM, so that the child's page has every part to show."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from qinfo.assessment.models import Rating
from qinfo.care.models import HomeVisit, PovertyScreening, VisitFinding
from qinfo.exams.models import LiteracyScreening, NationalTestResult, NationalTestSubject
from qinfo.organisations.models import AcademicYear, Classroom, Term
from qinfo.people.models import Student
from qinfo.wellbeing.models import HealthMeasurement, SdqScreening


def add_year_of_care(
    student: Student, classroom: Classroom, year: AcademicYear, *, visit_note: str = ""
) -> None:
    """One term's health check, an SDQ screening, a home visit, a poverty screening, a national
    test score and a literacy screening, dated in the classroom's academic year."""
    term = Term.objects.get(academic_year=year, number=1)
    day = term.start_date + dt.timedelta(days=30)
    age_days = (day - student.birth_date).days
    HealthMeasurement.objects.create(
        student=student, term=term, school=classroom.school, classroom=classroom, date=day,
        weight_kg=Decimal("22.0"), height_cm=Decimal("118.0"), age_days=age_days,
        bmi=Decimal("15.80"), bmi_z=Decimal("0.12"), hfa_z=Decimal("-0.46"),
        wfh_label="proportionate", hfa_label="normal_height", tall_and_proportionate=True,
    )  # fmt: skip
    SdqScreening.objects.create(
        student=student, school=classroom.school, classroom=classroom, date=day, form="teacher",
        answers="0" * 25, emotional=3, conduct=2, hyperactivity=5, peer=1, prosocial=8, total=11,
        total_band="normal",
    )  # fmt: skip
    visit = HomeVisit.objects.create(
        student=student, academic_year=year, date=day + dt.timedelta(days=7),
        notes=visit_note, follow_up_needed=True, follow_up_note="ติดตามอีกครั้ง",
        latitude=Decimal("7.880000"), longitude=Decimal("98.390000"),
    )  # fmt: skip
    VisitFinding.objects.create(visit=visit, code="low_income")
    PovertyScreening.objects.create(
        student=student, household=student.household, academic_year=year,
        date=day + dt.timedelta(days=8), members=4, monthly_income=Decimal("8000"),
        income_per_member=Decimal("2000"), tenure="rented", housing="dilapidated",
        farm_land="not_farming", water="tap", electricity="own_meter", vehicles="none",
        appliances="one",
        hardship_items=5, extremely_poor=True,
    )  # fmt: skip
    subject = NationalTestSubject.objects.select_related("test").order_by("pk").first()
    if subject is not None:
        NationalTestResult.objects.create(
            student=student, subject=subject, academic_year=year, school=classroom.school,
            score=Decimal("61.50"),
        )  # fmt: skip
    LiteracyScreening.objects.create(
        student=student, term=term, classroom=classroom, school=classroom.school,
        reading_aloud=4, reading_comprehension=3, word_writing=2, composition=1,
    )  # fmt: skip
    Rating.objects.create(
        student=student, term=term, classroom=classroom, school=classroom.school, trait="rtw",
        level=3,
    )  # fmt: skip
