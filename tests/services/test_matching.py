"""One child, one record: duplicates are proposed, and merged only when an officer confirms."""

from __future__ import annotations

import datetime as dt

import pytest

from qinfo.attendance.models import AttendanceMark
from qinfo.attendance.services import MarkInput, attendance_record
from qinfo.audit.models import AuditEvent
from qinfo.core.errors import DomainError, PermissionDenied
from qinfo.enrolment.matching import student_match_confirm, student_match_reject, student_match_scan
from qinfo.enrolment.models import (
    Enrolment,
    MatchReason,
    MatchStatus,
    StudentMatch,
)
from qinfo.people.models import Student

from .conftest import Org, admit, readmitted_elsewhere


def test_same_name_and_birth_date_in_another_school_is_proposed_not_merged(
    organisation: Org,
) -> None:
    first = admit(organisation, "สุดา", "ทองดี", "1103702488992")
    second = admit(organisation, "สุดา ", "ทองดี", classroom=organisation.other_classroom)
    match = StudentMatch.objects.get()
    assert (match.keep_id, match.duplicate_id) == (first.student_id, second.student_id)
    assert match.reason == MatchReason.SAME_NAME_BIRTH and match.status == MatchStatus.PROPOSED
    assert Student.objects.filter(merged_into__isnull=True).count() == 2


def test_officer_confirms_a_merge_and_every_row_moves_to_the_kept_record(
    organisation: Org,
) -> None:
    # Re-entered in another school as a new record, this time with a G-code.
    kept, dup = readmitted_elsewhere(organisation, duplicate_identifier="G123456789012")
    attendance_record(
        actor=organisation.admin,
        classroom=organisation.other_classroom,
        date=dt.date(2026, 11, 16),
        marks=[MarkInput(dup.student_id, "A")],
    )
    match = StudentMatch.objects.get()

    merged = student_match_confirm(actor=organisation.officer, match=match)

    assert merged.pk == kept.student_id
    assert merged.identifier == "G123456789012"  # the kept record had none yet
    assert Student.objects.get(pk=dup.student_id).merged_into_id == kept.student_id
    assert set(Enrolment.objects.filter(student=merged).values_list("pk", flat=True)) == {
        kept.pk,
        dup.pk,
    }
    assert AttendanceMark.objects.get().student_id == kept.student_id
    assert StudentMatch.objects.get().status == MatchStatus.CONFIRMED
    assert AuditEvent.objects.filter(action="merge", target_id=str(kept.student_id)).exists()


def test_teacher_cannot_confirm_and_nothing_changes(organisation: Org) -> None:
    admit(organisation, "สุดา", "ทองดี")
    admit(organisation, "สุดา", "ทองดี", classroom=organisation.other_classroom)
    match = StudentMatch.objects.get()
    with pytest.raises(PermissionDenied):
        student_match_confirm(actor=organisation.teacher, match=match)
    assert StudentMatch.objects.get().status == MatchStatus.PROPOSED
    assert not Student.objects.filter(merged_into__isnull=False).exists()


def test_conflicting_records_are_not_merged(organisation: Org) -> None:
    admit(organisation, "สุดา", "ทองดี")
    admit(organisation, "สุดา", "ทองดี", classroom=organisation.other_classroom)
    match = StudentMatch.objects.get()
    # Both records are active in the same academic year: merging would break that rule.
    with pytest.raises(DomainError):
        student_match_confirm(actor=organisation.officer, match=match)
    assert StudentMatch.objects.get().status == MatchStatus.PROPOSED
    assert Enrolment.objects.filter(student_id=match.duplicate_id).count() == 1


def test_rejected_proposal_is_kept_and_not_proposed_again(organisation: Org) -> None:
    admit(organisation, "สุดา", "ทองดี")
    admit(organisation, "สุดา", "ทองดี", classroom=organisation.other_classroom)
    match = student_match_reject(actor=organisation.officer, match=StudentMatch.objects.get())
    assert match.status == MatchStatus.REJECTED
    assert student_match_scan() == 0
    assert StudentMatch.objects.count() == 1


def test_scan_finds_pairs_entered_without_the_admission_check(organisation: Org) -> None:
    a = admit(organisation, "ใหม่", "หนึ่ง")
    b = admit(organisation, "ใหม่", "สอง", classroom=organisation.other_classroom)
    StudentMatch.objects.all().delete()
    Student.objects.filter(pk=b.student_id).update(last_name_th="หนึ่ง")
    assert student_match_scan() == 1
    match = StudentMatch.objects.get()
    assert {match.keep_id, match.duplicate_id} == {a.student_id, b.student_id}


def test_merge_keeps_one_primary_guardian_and_drops_repeated_links(organisation: Org) -> None:
    from qinfo.people.models import Guardianship
    from qinfo.people.services import guardian_link, household_create, household_member_add

    kept, dup = readmitted_elsewhere(organisation)
    home = household_create(actor=organisation.admin)
    mother = household_member_add(
        actor=organisation.admin,
        household=home,
        first_name_th="แม่",
        last_name_th="ทองดี",
        relation="mother",
    )
    grandma = household_member_add(
        actor=organisation.admin,
        household=home,
        first_name_th="ยาย",
        last_name_th="ทองดี",
        relation="grandparent",
    )
    for student in (kept.student, dup.student):  # both records name the mother as primary
        guardian_link(
            actor=organisation.admin,
            student=student,
            member=mother,
            relation="mother",
            is_primary=True,
        )
    guardian_link(
        actor=organisation.admin,
        student=dup.student,
        member=grandma,
        relation="grandparent",
        is_primary=False,
    )

    student_match_confirm(actor=organisation.officer, match=StudentMatch.objects.get())

    links = Guardianship.objects.filter(student=kept.student)
    assert set(links.values_list("member__first_name_th", "is_primary")) == {
        ("แม่", True),
        ("ยาย", False),
    }
    assert not Guardianship.objects.filter(student=dup.student).exists()
