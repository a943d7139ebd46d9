"""The roll-call pages: my classes today, the class's form, one save for the whole class."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from qinfo.accounts.models import Role
from qinfo.attendance.models import AttendanceMark
from qinfo.attendance.selectors import course_attendance_rates
from qinfo.audit.models import AuditEvent
from qinfo.core.thai_sort import thai_sorted
from qinfo.organisations.models import Course, School
from tests.rollcall.conftest import Org, admit, record
from tests.services.conftest import make_user

TODAY = dt.date(2026, 11, 20)  # a Friday in term 2
NAMES = ["ไก่", "กมล", "เกศินี", "ขวัญใจ", "ก้อง"]


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def pupils(organisation: Org) -> dict[str, int]:
    return {name: admit(organisation, name, "สุขใจ").student_id for name in NAMES}


def url(o: Org, **query: Any) -> str:
    base = reverse("web:roll_call", args=[o.classroom.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def form(pupils: dict[str, int], day: dt.date = TODAY, **statuses: str) -> dict[str, Any]:
    data: dict[str, Any] = {"date": day.isoformat(), "student": list(pupils.values())}
    for name, sid in pupils.items():
        data[f"status-{sid}"] = statuses.get(name, "P")
    return data


def test_the_form_lists_the_class_in_thai_order_all_present(
    organisation: Org, pupils: dict[str, int]
) -> None:
    html = client_for(organisation.teacher).get(url(organisation)).content.decode()
    positions = [html.index(f"{name} สุขใจ") for name in NAMES]
    shown = [name for _, name in sorted(zip(positions, NAMES, strict=True))]
    assert shown == thai_sorted(NAMES)
    assert html.count('value="P" data-label') == len(NAMES)
    assert html.count("checked") == len(NAMES)
    assert 'value="P" data-label="มา" checked' in html


def test_one_save_records_the_whole_class_and_redirects_with_a_message(
    organisation: Org, pupils: dict[str, int]
) -> None:
    client = client_for(organisation.teacher)
    data = form(pupils, **{"ไก่": "A", "กมล": "L"})
    data[f"minutes-{pupils['กมล']}"] = "15"
    data[f"reason-{pupils['ไก่']}"] = "ไม่ทราบสาเหตุ"
    response = client.post(url(organisation), data)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert '<li class="notice">' in page
    marks = {m.student_id: m for m in AttendanceMark.objects.filter(date=TODAY)}
    assert {sid: marks[sid].status for sid in pupils.values()} == {
        sid: {"ไก่": "A", "กมล": "L"}.get(name, "P") for name, sid in pupils.items()
    }
    assert marks[pupils["กมล"]].minutes_late == 15
    assert marks[pupils["ไก่"]].reason == "ไม่ทราบสาเหตุ"
    saves = AuditEvent.objects.filter(
        target_type="organisations.classroom", actor=organisation.teacher
    )
    assert saves.count() == 1
    # Re-opened, the page shows the saved marks.
    assert f'name="status-{pupils["ไก่"]}" value="A" data-label="ขาด" checked' in page


def test_a_refused_roll_call_writes_nothing_and_says_why(
    organisation: Org, pupils: dict[str, int]
) -> None:
    stranger = admit(organisation, "ชูใจ", "ต่างห้อง", classroom=organisation.other_classroom)
    data = form(pupils)
    data["student"].append(stranger.student_id)
    data[f"status-{stranger.student_id}"] = "P"
    response = client_for(organisation.teacher).post(url(organisation), data)
    assert response.status_code == 200
    assert "ไม่ได้อยู่ในห้องเรียนนี้" in response.content.decode()
    assert not AttendanceMark.objects.exists()


def test_a_teacher_of_another_class_gets_the_page_without_names(
    organisation: Org, pupils: dict[str, int]
) -> None:
    colleague = make_user("colleague", Role.TEACHER, school=organisation.school)
    response = client_for(colleague).get(url(organisation))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="not-yours"' in html
    assert not any(name in html for name in NAMES)
    denied = client_for(colleague).post(url(organisation), form(pupils))
    assert denied.status_code == 403
    assert not AttendanceMark.objects.exists()


def test_streak_and_term_rate_beside_each_name(organisation: Org, pupils: dict[str, int]) -> None:
    kai = pupils["ไก่"]
    record(organisation, dt.date(2026, 11, 16), {kai: "P"})
    record(organisation, dt.date(2026, 11, 17), {kai: "A"})
    record(organisation, dt.date(2026, 11, 18), {kai: "S"})
    record(organisation, dt.date(2026, 11, 19), {kai: "A"})
    html = client_for(organisation.teacher).get(url(organisation)).content.decode()
    row = html[html.index(f'id="student-{kai}"') :]
    row = row[: row.index("</li>")]
    assert "3" in row and "25.0%" in row


def test_my_classes_today_shows_what_is_still_to_take(
    organisation: Org, pupils: dict[str, int]
) -> None:
    client = client_for(organisation.teacher)
    link = f'href="{url(organisation)}"'
    page = client.get(reverse("web:my_classes")).content.decode()
    assert link in page and 'class="badge mark"' in page and 'class="badge s-active"' not in page
    client.post(url(organisation), form(pupils))
    page = client.get(reverse("web:my_classes")).content.decode()
    assert 'class="badge mark"' not in page and 'class="badge s-active"' in page


def test_my_classes_on_a_saturday_says_there_is_no_school(
    organisation: Org, pupils: dict[str, int]
) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC), tick=False):
        page = client_for(organisation.teacher).get(reverse("web:my_classes")).content.decode()
    assert 'id="no-school"' in page


def test_the_home_page_links_to_my_classes(organisation: Org) -> None:
    page = client_for(organisation.teacher).get(reverse("web:home")).content.decode()
    assert reverse("web:my_classes") in page


def test_period_roll_call_of_a_course_from_the_page(
    organisation: Org, pupils: dict[str, int], course: Course
) -> None:
    School.objects.filter(pk=organisation.school.pk).update(period_attendance=True)
    client = client_for(organisation.teacher)
    listed = client.get(reverse("web:my_classes")).content.decode()
    assert f"?course={course.pk}" in listed
    data = {**form(pupils, **{"ไก่": "A"}), "course": course.pk, "period": 2}
    response = client.post(url(organisation), data)
    assert response.status_code == 302
    assert f"course={course.pk}" in response["Location"] and "period=2" in response["Location"]
    marks = AttendanceMark.objects.filter(period=2, course=course)
    assert marks.count() == len(pupils) and marks.filter(status="A").count() == 1
    assert not AttendanceMark.objects.filter(period=0).exists()
    assert course_attendance_rates(course, [pupils["ไก่"]]) == {pupils["ไก่"]: 0.0}


def test_a_course_of_another_class_is_not_found(
    organisation: Org, pupils: dict[str, int], course: Course
) -> None:
    other = reverse("web:roll_call", args=[organisation.other_classroom.pk])
    response = client_for(organisation.admin).get(f"{other}?course={course.pk}")
    assert response.status_code == 404
