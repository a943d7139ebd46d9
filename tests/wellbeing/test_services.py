"""Health measurements and SDQ screenings through the services: saved whole, refused whole."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from qinfo.audit.models import AuditAction, AuditEvent
from qinfo.core.errors import DomainError, PermissionDenied
from qinfo.wellbeing import growth
from qinfo.wellbeing.models import HealthMeasurement, NutritionBand, SdqScreening
from qinfo.wellbeing.services import MeasurementInput, health_record, sdq_record
from tests.wellbeing.conftest import Class, counts

DAY = dt.date(2026, 11, 16)


def _batch(k: Class, *rows: tuple[int, str, str]) -> list[MeasurementInput]:
    return [MeasurementInput(pk, w, h) for pk, w, h in rows]


def test_a_class_is_saved_with_bmi_z_scores_and_labels(klass: Class) -> None:
    k = klass
    a, b, c = k.kids
    before = AuditEvent.objects.count()
    saved = health_record(
        actor=k.o.teacher,
        classroom=k.o.classroom,
        term=k.o.term2,
        date=DAY,
        measurements=_batch(k, (a.pk, "22.45", "121.5"), (b.pk, "40", "118"), (c.pk, "16", "128")),
    )
    assert len(saved) == 3 and AuditEvent.objects.count() == before + 1
    rows = {m.student_id: m for m in HealthMeasurement.objects.all()}
    first = rows[a.pk]
    assert first.weight_kg == Decimal("22.5") and first.height_cm == Decimal("121.5")
    assert first.bmi == growth.bmi(Decimal("22.5"), Decimal("121.5"))
    assert first.school_id == k.o.school.pk and first.classroom_id == k.o.classroom.pk
    assert first.age_days == (DAY - a.birth_date).days
    expected = growth.z_scores("M", first.age_days, first.weight_kg, first.height_cm, first.bmi)
    assert (first.bmi_z, first.hfa_z, first.wfa_z) == (
        expected.bmi_z,
        expected.hfa_z,
        expected.wfa_z,
    )
    assert rows[b.pk].wfh_label == "obese" and rows[b.pk].tall_and_proportionate is False
    assert rows[c.pk].wfh_label == "thin"
    assert first.wfh_label and first.hfa_label
    event = AuditEvent.objects.latest("pk")
    assert event.action == AuditAction.CREATE and event.changes["new"] == 3


def test_saving_again_replaces_the_terms_measurement_and_keeps_the_old_in_the_audit(
    klass: Class,
) -> None:
    k = klass
    a = k.kids[0]
    for weight in ("22.0", "23.0"):
        health_record(
            actor=k.o.teacher,
            classroom=k.o.classroom,
            term=k.o.term2,
            date=DAY,
            measurements=_batch(k, (a.pk, weight, "121.5")),
        )
    assert HealthMeasurement.objects.get().weight_kg == Decimal("23.0")
    event = AuditEvent.objects.latest("pk")
    assert event.action == AuditAction.UPDATE
    assert event.changes["changed"][str(a.pk)][0][1] == "22.0"


def test_an_edited_cut_off_applies_to_later_saves(klass: Class) -> None:
    k = klass
    wfh = NutritionBand.objects.filter(measure="wfh")
    wfh.filter(label="proportionate").update(z_low=Decimal(-9), z_high=Decimal(-8))
    wfh.filter(label="plump").update(z_low=Decimal(-8))
    health_record(
        actor=k.o.registrar,
        classroom=k.o.classroom,
        term=k.o.term2,
        date=DAY,
        measurements=_batch(k, (k.kids[0].pk, "22", "121.5")),
    )
    assert HealthMeasurement.objects.get().wfh_label == "plump"


@pytest.mark.parametrize(
    ("weight", "height", "code"),
    [
        ("0", "120", "weight_range"),
        ("4.9", "120", "weight_range"),
        ("150.1", "180", "weight_range"),
        ("25", "400", "height_range"),
        ("25", "69.9", "height_range"),
        ("25", "200.1", "height_range"),
        ("149", "120", "bmi_range"),
        ("5", "200", "bmi_range"),
        ("abc", "120", "not_a_number"),
    ],
)
def test_implausible_values_refuse_the_whole_class(
    klass: Class, weight: str, height: str, code: str
) -> None:
    k = klass
    before = counts()
    with pytest.raises(DomainError) as refused:
        health_record(
            actor=k.o.teacher,
            classroom=k.o.classroom,
            term=k.o.term2,
            date=DAY,
            measurements=_batch(k, (k.kids[0].pk, "22", "121"), (k.kids[1].pk, weight, height)),
        )
    assert code in str(refused.value.error_dict["measurements"][0].code)
    assert counts() == before


@pytest.mark.parametrize(
    ("day", "term", "code"),
    [
        (dt.date(2026, 11, 21), "term2", "date_future"),
        (dt.date(2026, 10, 20), "term2", "date_outside_term"),
        (dt.date(2026, 10, 20), "term1", "date_outside_term"),
    ],
)
def test_a_date_outside_the_term_or_in_the_future_is_refused(
    klass: Class, day: dt.date, term: str, code: str
) -> None:
    k = klass
    before = counts()
    with pytest.raises(DomainError) as refused:
        health_record(
            actor=k.o.teacher,
            classroom=k.o.classroom,
            term=getattr(k.o, term),
            date=day,
            measurements=_batch(k, (k.kids[0].pk, "22", "121")),
        )
    assert refused.value.error_dict["date"][0].code == code
    assert counts() == before


def test_a_student_not_in_the_class_or_twice_is_refused(klass: Class) -> None:
    k = klass
    before = counts()
    for batch, code in (
        (
            _batch(k, (k.kids[0].pk, "22", "121"), (k.elsewhere.pk, "22", "121")),
            "student_not_enrolled",
        ),
        (_batch(k, (k.kids[0].pk, "22", "121"), (k.kids[0].pk, "23", "121")), "duplicate_student"),
        ([], "empty"),
    ):
        with pytest.raises(DomainError) as refused:
            health_record(
                actor=k.o.teacher,
                classroom=k.o.classroom,
                term=k.o.term2,
                date=DAY,
                measurements=batch,
            )
        assert refused.value.error_dict["measurements"][0].code == code
    assert counts() == before


def test_only_the_class_teachers_and_the_school_record_health(klass: Class) -> None:
    k = klass
    before = counts()
    for actor in (k.o.outsider, k.o.officer):
        with pytest.raises(PermissionDenied):
            health_record(
                actor=actor,
                classroom=k.o.classroom,
                term=k.o.term2,
                date=DAY,
                measurements=_batch(k, (k.kids[0].pk, "22", "121")),
            )
    assert counts() == before


ANSWERS = [1, 0, 2, 1, 0, 0, 2, 1, 1, 2, 2, 0, 1, 2, 2, 0, 1, 0, 0, 1, 2, 0, 0, 1, 0]


def test_an_sdq_is_scored_banded_and_audited(klass: Class) -> None:
    k = klass
    child = k.kids[0]
    screening = sdq_record(
        actor=k.o.teacher, student=child, form="teacher", date=DAY, answers=ANSWERS
    )
    stored = SdqScreening.objects.get()
    assert stored.answers == "".join(map(str, ANSWERS))
    # emotional 3,8,13,16,24 → 2+1+1+0+1; conduct 5,7r,12,18,22 → 0+0+0+0+0;
    # hyperactivity 2,10,15,21r,25r → 0+2+2+0+2; peer 6,11r,14r,19,23 → 0+0+0+0+0.
    assert (stored.emotional, stored.conduct, stored.hyperactivity, stored.peer) == (5, 0, 6, 0)
    assert stored.prosocial == 1 + 1 + 1 + 1 + 1 and stored.total == 11
    assert stored.total_band == "normal" and stored.scale_bands == {}
    assert stored.school_id == k.o.school.pk and screening.classroom_id == k.o.classroom.pk
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, target_type="wellbeing.sdqscreening"
    ).exists()


def test_a_self_report_from_eleven_gets_its_emotional_band(klass: Class) -> None:
    k = klass
    answers = [0] * 25
    for item in (3, 8, 13, 16):
        answers[item - 1] = 2  # emotional 8: problem on the self-report's emotional scale
    sdq_record(actor=k.o.teacher, student=k.older, form="self", date=DAY, answers=answers)
    assert SdqScreening.objects.get().scale_bands == {"emotional": "problem"}


@pytest.mark.parametrize(
    ("answers", "form", "who", "day", "field", "code"),
    [
        ([*ANSWERS[:-1], 3], "teacher", "kid", DAY, "answers", "sdq_answers"),
        (ANSWERS[:-1], "teacher", "kid", DAY, "answers", "sdq_answers"),
        (ANSWERS, "self", "kid", DAY, "form", "sdq_self_age"),
        (ANSWERS, "doctor", "kid", DAY, "form", "sdq_form"),
        (ANSWERS, "teacher", "kid", dt.date(2026, 11, 21), "date", "date_future"),
        (ANSWERS, "teacher", "kid", dt.date(2026, 5, 1), "date", "student_not_enrolled"),
    ],
)
def test_bad_sdq_input_is_refused_whole(
    klass: Class, answers: list[int], form: str, who: str, day: dt.date, field: str, code: str
) -> None:
    k = klass
    before = counts()
    with pytest.raises(DomainError) as refused:
        sdq_record(actor=k.o.teacher, student=k.kids[0], form=form, date=day, answers=answers)
    assert refused.value.error_dict[field][0].code == code
    assert counts() == before


def test_an_sdq_under_four_is_refused(klass: Class) -> None:
    from tests.services.conftest import admit

    toddler = admit(klass.o, "น้อย", "เล็ก", birth=dt.date(2023, 6, 1)).student
    before = counts()
    with pytest.raises(DomainError) as refused:
        sdq_record(
            actor=klass.o.teacher, student=toddler, form="teacher", date=DAY, answers=ANSWERS
        )
    assert refused.value.error_dict["date"][0].code == "sdq_age"
    assert counts() == before


def test_an_sdq_by_someone_who_does_not_teach_the_child_is_denied(klass: Class) -> None:
    k = klass
    before = counts()
    with pytest.raises(PermissionDenied):
        sdq_record(actor=k.o.outsider, student=k.kids[0], form="teacher", date=DAY, answers=ANSWERS)
    assert counts() == before
