"""Recording health measurements (a class at a time) and SDQ screenings (a child at a time).

Each write checks everything first and refuses the whole input, writing nothing, when anything
breaks a rule (docs/definitions.md §10, §11); then it writes in one transaction with one audit
event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qinfo.attendance.services import enrolled_on
from qinfo.audit.models import AuditAction
from qinfo.audit.services import audit_record
from qinfo.core.services import refuse, require, save_new
from qinfo.enrolment.models import Enrolment
from qinfo.organisations.models import Classroom, Term
from qinfo.people.models import Student
from qinfo.wellbeing import growth, sdq
from qinfo.wellbeing.models import (
    BMI_MAX,
    BMI_MIN,
    HEIGHT_MAX_CM,
    HEIGHT_MIN_CM,
    WEIGHT_MAX_KG,
    WEIGHT_MIN_KG,
    HealthMeasurement,
    NutritionBand,
    SdqBand,
    SdqForm,
    SdqScreening,
)
from qinfo.wellbeing.policies import may_record_for

#: The youngest age (completed years) for any SDQ form, and for the self-report form.
SDQ_MIN_AGE = 4
SDQ_SELF_MIN_AGE = 11


@dataclass(frozen=True)
class MeasurementInput:
    student_id: int
    weight_kg: Decimal | float | str
    height_cm: Decimal | float | str


def _check_date(day: dt.date, term: Term | None = None) -> None:
    if day > timezone.localdate():
        raise refuse(_("The date cannot be in the future."), "date_future", "date")
    if term is not None and not term.start_date <= day <= term.end_date:
        raise refuse(_("The date is outside the term."), "date_outside_term", "date")


def _measures(entry: MeasurementInput) -> tuple[Decimal, Decimal]:
    try:
        weight, height = growth.to_tenth(entry.weight_kg), growth.to_tenth(entry.height_cm)
    except (InvalidOperation, ValueError, TypeError) as exc:
        message = _("Weight and height must be numbers.")
        raise refuse(message, "not_a_number", "measurements") from exc
    if not WEIGHT_MIN_KG <= weight <= WEIGHT_MAX_KG:
        raise refuse(
            _("A weight must be from %(low)s to %(high)s kg.")
            % {"low": WEIGHT_MIN_KG, "high": WEIGHT_MAX_KG},
            "weight_range",
            "measurements",
        )
    if not HEIGHT_MIN_CM <= height <= HEIGHT_MAX_CM:
        raise refuse(
            _("A height must be from %(low)s to %(high)s cm.")
            % {"low": HEIGHT_MIN_CM, "high": HEIGHT_MAX_CM},
            "height_range",
            "measurements",
        )
    if not BMI_MIN <= growth.bmi(weight, height) <= BMI_MAX:
        raise refuse(
            _("This weight and height give a BMI outside %(low)s to %(high)s: check them.")
            % {"low": BMI_MIN, "high": BMI_MAX},
            "bmi_range",
            "measurements",
        )
    return weight, height


def health_record(
    *,
    actor: Any,
    classroom: Classroom,
    term: Term,
    date: dt.date,
    measurements: Sequence[MeasurementInput],
) -> list[HealthMeasurement]:
    """Saves a class's weights and heights for a term, replacing earlier ones of that term."""
    require(may_record_for(actor, school_id=classroom.school_id, classroom_id=classroom.pk))
    if term.academic_year_id != classroom.academic_year_id:
        raise refuse(_("The term is not in this classroom's academic year."), "term_year", "term")
    _check_date(date, term)
    if not measurements:
        raise refuse(_("Enter at least one measurement."), "empty", "measurements")
    enrolled = enrolled_on(classroom, date)
    seen: set[int] = set()
    checked: list[tuple[int, Decimal, Decimal]] = []
    for entry in measurements:
        if entry.student_id not in enrolled:
            raise refuse(
                _("A measurement names a student who is not enrolled in this class on that date."),
                "student_not_enrolled",
                "measurements",
            )
        if entry.student_id in seen:
            raise refuse(_("A student appears twice."), "duplicate_student", "measurements")
        seen.add(entry.student_id)
        checked.append((entry.student_id, *_measures(entry)))

    bands = list(NutritionBand.objects.all())
    people = {s.pk: s for s in Student.objects.filter(pk__in=seen).only("sex", "birth_date")}
    with transaction.atomic():
        existing = {
            m.student_id: m
            for m in HealthMeasurement.objects.select_for_update().filter(
                student_id__in=seen, term=term
            )
        }
        saved, changed = [], {}
        for student_id, weight, height in checked:
            row = existing.get(student_id)
            if row is None:
                row = HealthMeasurement(student_id=student_id, term=term)
            elif (row.date, row.weight_kg, row.height_cm) != (date, weight, height):
                changed[str(student_id)] = [
                    [row.date.isoformat(), str(row.weight_kg), str(row.height_cm)],
                    [date.isoformat(), str(weight), str(height)],
                ]
            person = people[student_id]
            found = growth.assess(
                sex=person.sex,
                birth=person.birth_date,
                on=date,
                weight_kg=weight,
                height_cm=height,
                bands=bands,
            )
            row.school_id, row.classroom, row.date = classroom.school_id, classroom, date
            row.weight_kg, row.height_cm, row.recorded_by = weight, height, actor
            row.age_days, row.bmi = found.age_days, found.bmi
            row.bmi_z, row.hfa_z, row.wfa_z = found.z.bmi_z, found.z.hfa_z, found.z.wfa_z
            row.wfh_label, row.hfa_label = found.wfh_label, found.hfa_label
            row.tall_and_proportionate = found.tall_and_proportionate
            saved.append(row)
        new_rows = [r for r in saved if r.pk is None]
        HealthMeasurement.objects.bulk_create(new_rows)
        HealthMeasurement.objects.bulk_update(
            [r for r in saved if r.pk is not None],
            [f.name for f in HealthMeasurement._meta.concrete_fields if not f.primary_key],
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE if changed else AuditAction.CREATE,
            target=classroom,
            school_id=classroom.school_id,
            changes={
                "health": term.pk,
                "date": date.isoformat(),
                "measurements": len(saved),
                "new": len(new_rows),
                "changed": changed,
            },
        )
    return saved


def enrolment_on(student: Student, day: dt.date) -> Enrolment | None:
    return (
        Enrolment.objects.filter(student=student, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .select_related("classroom")
        .order_by("-start_date")
        .first()
    )


def _completed_years(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def sdq_record(
    *, actor: Any, student: Student, form: str, date: dt.date, answers: Sequence[Any]
) -> SdqScreening:
    """Saves one SDQ form about a child enrolled on the date, with its scores and bands."""
    enrolment = enrolment_on(student, date)
    if enrolment is not None:
        require(
            may_record_for(
                actor, school_id=enrolment.school_id, classroom_id=enrolment.classroom_id
            )
        )
    _check_date(date)
    if enrolment is None:
        raise refuse(
            _("The student is not enrolled in any class on that date."),
            "student_not_enrolled",
            "date",
        )
    if form not in SdqForm.values:
        raise refuse(_("Unknown SDQ form."), "sdq_form", "form")
    if not sdq.valid_answers(list(answers)):
        raise refuse(
            _("An SDQ needs an answer to each of the 25 items, each 0, 1 or 2."),
            "sdq_answers",
            "answers",
        )
    age = _completed_years(student.birth_date, date)
    if age < SDQ_MIN_AGE:
        raise refuse(_("The SDQ is for children aged 4 and over."), "sdq_age", "date")
    if form == SdqForm.SELF and age < SDQ_SELF_MIN_AGE:
        raise refuse(
            _("The self-report form is for children aged 11 and over."), "sdq_self_age", "form"
        )
    scores = sdq.score(answers)
    total_band, scale_bands = sdq.bands_of(scores, form, SdqBand.objects.all())
    screening = SdqScreening(
        student=student,
        school_id=enrolment.school_id,
        classroom_id=enrolment.classroom_id,
        date=date,
        form=form,
        answers=sdq.encode(answers),
        emotional=scores.emotional,
        conduct=scores.conduct,
        hyperactivity=scores.hyperactivity,
        peer=scores.peer,
        prosocial=scores.prosocial,
        total=scores.total,
        total_band=total_band,
        scale_bands=scale_bands,
        recorded_by=actor,
    )
    save_new(screening, actor=actor, school_id=enrolment.school_id)
    return screening
