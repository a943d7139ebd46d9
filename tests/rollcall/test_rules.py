"""The roll-call rules of docs/definitions.md §7: the edit window and the registrar's override,
the audit of previous values, period attendance, attendance this term."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qinfo.accounts.models import Role
from qinfo.attendance.models import AttendanceMark
from qinfo.attendance.selectors import term_rates
from qinfo.attendance.services import (
    MarkInput,
    RollCall,
    attendance_record,
    attendance_record_many,
    edit_window_open,
)
from qinfo.audit.models import AuditEvent
from qinfo.organisations.models import Course, School
from tests.rollcall.conftest import Org, admit, record
from tests.services.conftest import make_user

TODAY = dt.date(2026, 11, 20)


def codes(error: ValidationError) -> list[str]:
    return [e.code or "" for errors in error.error_dict.values() for e in errors]


def refused_code(action: Any) -> str:
    marks, events = AttendanceMark.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        action()
    assert (AttendanceMark.objects.count(), AuditEvent.objects.count()) == (marks, events)
    (code,) = codes(caught.value)
    return code


@pytest.mark.parametrize(
    ("days_ago", "window", "open_"), [(0, 7, True), (7, 7, True), (8, 7, False), (1, 0, False)]
)
def test_the_window_counts_whole_days_from_the_marks_date(
    days_ago: int, window: int, open_: bool, settings: Any
) -> None:
    settings.QINFO_ATTENDANCE_EDIT_DAYS = window
    assert edit_window_open(TODAY - dt.timedelta(days=days_ago), TODAY) is open_


def test_after_the_window_only_a_registrar_writes(organisation: Org, settings: Any) -> None:
    settings.QINFO_ATTENDANCE_EDIT_DAYS = 7
    sid = admit(organisation, "ปิติ", "ยินดี").student_id
    inside, outside = dt.date(2026, 11, 13), dt.date(2026, 11, 12)  # 7 and 8 days ago
    record(organisation, inside, {sid: "P"}, actor=organisation.teacher)
    code = refused_code(
        lambda: record(organisation, outside, {sid: "A"}, actor=organisation.teacher)
    )
    assert code == "edit_window_closed"
    record(organisation, outside, {sid: "A"}, actor=organisation.registrar)
    record(organisation, outside, {sid: "S"}, actor=organisation.admin)
    assert AttendanceMark.objects.get(student_id=sid, date=outside).status == "S"


def test_a_director_does_not_override_the_window(organisation: Org, settings: Any) -> None:
    director = make_user("director", Role.DIRECTOR, school=organisation.school)
    sid = admit(organisation, "ปิติ", "ยินดี").student_id
    record(organisation, TODAY, {sid: "P"}, actor=director)  # inside: a director records
    code = refused_code(
        lambda: record(organisation, dt.date(2026, 11, 2), {sid: "A"}, actor=director)
    )
    assert code == "edit_window_closed"


def test_a_changed_mark_keeps_its_whole_previous_value(organisation: Org) -> None:
    a = admit(organisation, "ปิติ", "ยินดี").student_id
    b = admit(organisation, "ชูใจ", "ใจงาม").student_id
    classroom = organisation.classroom
    first = [MarkInput(a, "L", 12, "รถติด"), MarkInput(b, "P")]
    attendance_record(actor=organisation.teacher, classroom=classroom, date=TODAY, marks=first)
    second = [MarkInput(a, "A", None, "ไม่มา"), MarkInput(b, "P")]
    attendance_record(actor=organisation.teacher, classroom=classroom, date=TODAY, marks=second)
    event = AuditEvent.objects.filter(actor=organisation.teacher).order_by("-pk").first()
    assert event is not None and event.action == "update"
    assert event.changes["changed"] == {str(a): ["L", "A"]}
    assert event.changes["previous"] == {
        str(a): {"status": "L", "minutes_late": 12, "reason": "รถติด"}
    }
    assert event.changes["marks"] == 2 and event.changes["new"] == 0


def test_another_classs_teacher_may_not_record(organisation: Org) -> None:
    sid = admit(organisation, "ปิติ", "ยินดี").student_id
    with pytest.raises(PermissionDenied):
        record(organisation, TODAY, {sid: "P"}, actor=organisation.outsider)
    assert not AttendanceMark.objects.exists()


@pytest.fixture
def period_school(organisation: Org) -> Org:
    School.objects.filter(pk=organisation.school.pk).update(period_attendance=True)
    organisation.classroom.school.refresh_from_db()
    return organisation


def test_period_marks_need_a_school_that_takes_them(organisation: Org, course: Course) -> None:
    sid = admit(organisation, "ปิติ", "ยินดี").student_id
    code = refused_code(lambda: record(organisation, TODAY, {sid: "P"}, period=1, course=course))
    assert code == "no_period_attendance"


def test_period_rules(period_school: Org, course: Course) -> None:
    o = period_school
    sid = admit(o, "ปิติ", "ยินดี").student_id
    assert refused_code(lambda: record(o, TODAY, {sid: "P"}, period=1)) == "course_required"
    assert refused_code(lambda: record(o, TODAY, {sid: "P"}, course=course)) == "course"
    assert refused_code(lambda: record(o, TODAY, {sid: "P"}, period=13, course=course)) == "period"
    course.term = o.term1
    course.save()
    course.refresh_from_db()
    code = refused_code(lambda: record(o, TODAY, {sid: "P"}, period=2, course=course))
    assert code == "date_outside_course_term"


def test_a_period_roll_call_stands_beside_the_daily_one(period_school: Org, course: Course) -> None:
    o = period_school
    sid = admit(o, "ปิติ", "ยินดี").student_id
    record(o, TODAY, {sid: "P"})
    record(o, TODAY, {sid: "A"}, period=3, course=course)
    marks = dict(AttendanceMark.objects.values_list("period", "status"))
    assert marks == {0: "P", 3: "A"}
    assert AttendanceMark.objects.get(period=3).course_id == course.pk


def test_attendance_this_term_counts_daily_marks_of_the_term_before_the_date(
    organisation: Org,
) -> None:
    sid = admit(organisation, "ปิติ", "ยินดี").student_id
    record(organisation, dt.date(2026, 9, 1), {sid: "A"})  # term 1
    record(organisation, dt.date(2026, 11, 2), {sid: "P"})
    record(organisation, dt.date(2026, 11, 3), {sid: "E"})
    record(organisation, dt.date(2026, 11, 4), {sid: "T"})
    record(organisation, dt.date(2026, 11, 5), {sid: "L"})
    record(organisation, TODAY, {sid: "A"})  # the roll-call date itself is not counted
    assert term_rates(organisation.classroom, TODAY, [sid]) == {sid: 75.0}
    assert term_rates(organisation.classroom, dt.date(2026, 11, 2), [sid]) == {sid: None}
    # Between the terms, the term shown is the last one begun.
    assert term_rates(organisation.classroom, dt.date(2026, 10, 20), [sid]) == {sid: 0.0}


def test_saving_the_same_roll_call_again_changes_nothing(organisation: Org) -> None:
    sid = admit(organisation, "ปิติ", "ยินดี").student_id
    record(organisation, TODAY, {sid: "P"}, actor=organisation.teacher)
    first = AttendanceMark.objects.get()
    record(organisation, TODAY, {sid: "P"}, actor=organisation.registrar)
    again = AttendanceMark.objects.get()
    assert (again.recorded_by_id, again.recorded_at) == (first.recorded_by_id, first.recorded_at)
    event = AuditEvent.objects.filter(actor=organisation.registrar).order_by("-pk").first()
    assert event is not None and event.action == "create"
    assert (event.changes["new"], event.changes["changed"]) == (0, {})


def test_a_day_of_many_classes_is_saved_or_refused_as_a_whole(organisation: Org) -> None:
    o = organisation
    here = admit(o, "ปิติ", "ยินดี").student_id
    there = admit(o, "ชูใจ", "ใจงาม", classroom=o.other_classroom).student_id
    good = [
        RollCall(o.classroom, [MarkInput(here, "A")]),
        RollCall(o.other_classroom, [MarkInput(there, "P")]),
    ]
    bad = [good[0], RollCall(o.other_classroom, [MarkInput(here, "P")])]  # not enrolled there
    code = refused_code(lambda: attendance_record_many(actor=o.admin, date=TODAY, roll_calls=bad))
    assert code == "student_not_enrolled"
    attendance_record_many(actor=o.admin, date=TODAY, roll_calls=good)
    assert dict(AttendanceMark.objects.values_list("student_id", "status")) == {
        here: "A",
        there: "P",
    }
    events = AuditEvent.objects.filter(actor=o.admin, target_type="organisations.classroom")
    assert {e.target_id for e in events if e.changes.get("date") == TODAY.isoformat()} == {
        str(o.classroom.pk),
        str(o.other_classroom.pk),
    }


def test_a_registrar_may_not_record_another_schools_class_in_a_batch(organisation: Org) -> None:
    o = organisation
    there = admit(o, "ชูใจ", "ใจงาม", classroom=o.other_classroom).student_id
    with pytest.raises(PermissionDenied):
        attendance_record_many(
            actor=o.registrar,
            date=TODAY,
            roll_calls=[RollCall(o.other_classroom, [MarkInput(there, "P")])],
        )
    assert not AttendanceMark.objects.exists()
