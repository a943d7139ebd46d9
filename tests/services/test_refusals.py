"""Bad input is refused with a clear message in Thai and English, and nothing is written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.utils import translation

from qinfo.attendance.services import MarkInput, attendance_record
from qinfo.core.errors import DomainError, PermissionDenied, error_details
from qinfo.enrolment.models import EnrolmentStatus
from qinfo.enrolment.services import enrolment_close, enrolment_create, student_admit
from qinfo.organisations import services as org
from qinfo.organisations.models import GradeLevel

from .conftest import Org, admit


def row_counts() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.app_label
        in {"audit", "organisations", "people", "enrolment", "attendance", "assessment"}
    }


def refused(action: Callable[[], Any], code: str) -> DomainError:
    """Runs the action, which must be refused with ``code`` and write nothing at all."""
    before = row_counts()
    with pytest.raises(DomainError) as caught:
        action()
    assert code in {detail["code"] for detail in error_details(caught.value)}
    assert row_counts() == before
    return caught.value


def messages_in(error: DomainError, language: str) -> str:
    with translation.override(language):
        return " ".join(str(m) for m in error.messages)


def test_invalid_national_id_checksum_is_refused_in_thai_and_english(organisation: Org) -> None:
    error = refused(
        lambda: admit(organisation, "ก้อง", "ดีงาม", identifier="1103702488993"),
        "national_id_checksum",
    )
    assert "check digit" in messages_in(error, "en")
    assert "เลขประจำตัวประชาชน" in messages_in(error, "th")


def test_valid_national_id_is_accepted_with_spaces_and_dashes(organisation: Org) -> None:
    enrolment = admit(organisation, "ก้อง", "ดีงาม", identifier="1-1037-02488-99-2")
    assert enrolment.student.identifier == "1103702488992"
    assert enrolment.student.identifier_kind == "national_id"


def test_g_code_and_pending_are_accepted(organisation: Org) -> None:
    assert (
        admit(organisation, "ลูกหนึ่ง", "ไม่มีบัตร", "G123456789012").student.identifier_kind == "g_code"
    )
    pending = admit(organisation, "ลูกสอง", "รอเลข")
    assert pending.student.identifier_kind == "pending" and pending.student.identifier is None


def test_second_active_enrolment_in_a_year_is_refused(organisation: Org) -> None:
    first = admit(organisation, "มานะ", "อดทน", "1103702488992")
    error = refused(
        lambda: enrolment_create(
            actor=organisation.admin,
            student=first.student,
            classroom=organisation.other_classroom,
            start_date=dt.date(2026, 6, 1),
        ),
        "second_active_enrolment",
    )
    assert "active enrolment" in messages_in(error, "en")
    assert "ปีการศึกษา" in messages_in(error, "th")


def test_end_date_before_start_date_is_refused(organisation: Org) -> None:
    error = refused(
        lambda: org.academic_year_create(
            actor=organisation.admin,
            network=organisation.network,
            year_be=2570,
            start_date=dt.date(2027, 5, 16),
            end_date=dt.date(2027, 5, 1),
        ),
        "dates_ordered",
    )
    assert "after the start date" in messages_in(error, "en")
    assert "วันสิ้นสุด" in messages_in(error, "th")
    enrolment = admit(organisation, "มานี", "มีตา")
    refused(
        lambda: enrolment_close(
            actor=organisation.registrar,
            enrolment=enrolment,
            status=EnrolmentStatus.PROMOTED,
            end_date=dt.date(2026, 5, 17),
        ),
        "dates_ordered",
    )


def test_mark_for_a_student_not_enrolled_on_that_date_refuses_the_whole_roll_call(
    organisation: Org,
) -> None:
    here = admit(organisation, "ปิติ", "ยินดี")
    late_comer = admit(organisation, "ชูใจ", "ใจงาม", start=dt.date(2026, 11, 16))
    marks = [MarkInput(here.student_id, "P"), MarkInput(late_comer.student_id, "A")]
    error = refused(
        lambda: attendance_record(
            actor=organisation.teacher,
            classroom=organisation.classroom,
            date=dt.date(2026, 11, 13),
            marks=marks,
        ),
        "student_not_enrolled",
    )
    assert "not enrolled" in messages_in(error, "en")
    assert "ไม่ได้อยู่ในห้องเรียนนี้" in messages_in(error, "th")


def test_attendance_dates_outside_terms_weekends_and_future_are_refused(
    organisation: Org, settings: Any
) -> None:
    here = admit(organisation, "ปิติ", "ยินดี")
    marks = [MarkInput(here.student_id, "P")]

    def record(day: dt.date) -> Any:
        return lambda: attendance_record(
            actor=organisation.teacher, classroom=organisation.classroom, date=day, marks=marks
        )

    refused(record(dt.date(2026, 10, 20)), "date_outside_term")  # between the terms
    refused(record(dt.date(2026, 11, 14)), "not_school_day")  # a Saturday
    refused(record(dt.date(2026, 11, 23)), "date_future")  # next Monday


def test_enrolment_exit_needs_a_reason(organisation: Org) -> None:
    enrolment = admit(organisation, "วีระ", "กล้าหาญ")
    refused(
        lambda: enrolment_close(
            actor=organisation.registrar,
            enrolment=enrolment,
            status=EnrolmentStatus.DROPPED_OUT,
            end_date=dt.date(2026, 8, 1),
        ),
        "exit_reason_required",
    )


def test_classroom_for_a_grade_the_school_does_not_offer_is_refused(organisation: Org) -> None:
    refused(
        lambda: org.classroom_create(
            actor=organisation.admin,
            school=organisation.other_school,
            academic_year=organisation.year,
            grade_level=GradeLevel.M1,
            room=1,
        ),
        "grade_not_offered",
    )


def test_term_outside_its_year_and_overlapping_terms_are_refused(organisation: Org) -> None:
    refused(
        lambda: org.term_create(
            actor=organisation.admin,
            academic_year=organisation.year,
            number=3,
            start_date=dt.date(2027, 4, 1),
            end_date=dt.date(2027, 6, 1),
        ),
        "term_outside_year",
    )
    refused(
        lambda: org.term_create(
            actor=organisation.admin,
            academic_year=organisation.year,
            number=3,
            start_date=dt.date(2026, 10, 1),
            end_date=dt.date(2026, 11, 10),
        ),
        "term_overlap",
    )


def test_same_identifier_twice_is_refused_not_merged(organisation: Org) -> None:
    admit(organisation, "สมชาย", "รักเรียน", "1103702488992")
    refused(
        lambda: student_admit(
            actor=organisation.admin,
            classroom=organisation.other_classroom,
            start_date=dt.date(2026, 6, 1),
            identifier="1103702488992",
            first_name_th="สมชาย",
            last_name_th="รักเรียน",
            sex="M",
            birth_date=dt.date(2019, 6, 1),
        ),
        "identifier_taken",
    )


def test_birth_date_in_the_future_is_refused(organisation: Org) -> None:
    refused(
        lambda: admit(organisation, "อนาคต", "ยังไม่เกิด", birth=dt.date(2099, 1, 1)),
        "birth_date_future",
    )


def test_transfer_closes_one_enrolment_and_opens_the_next_on_the_same_day(
    organisation: Org,
) -> None:
    from qinfo.enrolment.services import enrolment_transfer

    first = admit(organisation, "ย้าย", "โรงเรียน")
    second = enrolment_transfer(
        actor=organisation.admin,
        enrolment=first,
        to_classroom=organisation.other_classroom,
        on=dt.date(2026, 8, 3),
    )
    first.refresh_from_db()
    assert (first.status, first.end_date, first.exit_reason, first.destination) == (
        EnrolmentStatus.TRANSFERRED_OUT,
        dt.date(2026, 8, 3),
        "same_affiliation",
        organisation.other_school.name_th,
    )
    assert (second.status, second.start_date, second.school_id) == (
        EnrolmentStatus.ACTIVE,
        dt.date(2026, 8, 3),
        organisation.other_school.pk,
    )


def test_a_transfer_the_actor_may_not_make_writes_nothing(organisation: Org) -> None:
    from qinfo.enrolment.services import enrolment_transfer

    first = admit(organisation, "ย้าย", "โรงเรียน")
    before = row_counts()
    # The registrar of the first school may close the enrolment but not enrol in the other school.
    with pytest.raises(PermissionDenied):
        enrolment_transfer(
            actor=organisation.registrar,
            enrolment=first,
            to_classroom=organisation.other_classroom,
            on=dt.date(2026, 8, 3),
        )
    assert row_counts() == before
    first.refresh_from_db()
    assert first.status == EnrolmentStatus.ACTIVE


def test_student_edit_is_checked_validated_and_keeps_the_old_values(organisation: Org) -> None:
    from qinfo.audit.models import AuditEvent
    from qinfo.enrolment.services import student_edit

    enrolment = admit(organisation, "เดิม", "นามสกุล")
    student = enrolment.student
    with pytest.raises(PermissionDenied):
        student_edit(actor=organisation.teacher, student=student, first_name_th="แก้")
    refused(
        lambda: student_edit(
            actor=organisation.registrar, student=student, identifier="1103702488993"
        ),
        "national_id_checksum",
    )
    student_edit(
        actor=organisation.registrar,
        student=student,
        first_name_th="ใหม่",
        identifier="1103702488992",
    )
    student.refresh_from_db()
    assert (student.first_name_th, student.identifier_kind) == ("ใหม่", "national_id")
    event = AuditEvent.objects.filter(action="update", target_type="people.student").get()
    assert event.changes["first_name_th"] == ["เดิม", "ใหม่"]
    assert event.changes["identifier"] == [None, "1103702488992"]
