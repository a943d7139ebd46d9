"""POST /api/v1/attendance/roll-call: the same service as the page; a bad roll call is refused
as a whole (422, a clear error) and nothing is written; 404 and 403 for classes out of reach."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from qinfo.accounts.tokens import api_token_create
from qinfo.attendance.models import AttendanceMark
from qinfo.audit.models import AuditEvent
from tests.rollcall.conftest import Org, admit

PATH = "/api/v1/attendance/roll-call"
TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def pupils(organisation: Org) -> list[int]:
    return [admit(organisation, f"นักเรียน{i}", "ทดสอบ").student_id for i in range(4)]


def post(user: Any, body: dict[str, Any], token: bool = False) -> Any:
    client = Client()
    headers = {}
    if token:
        _, raw = api_token_create(actor=user, user=user, name="t")
        headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    else:
        client.force_login(user)
    return client.post(PATH, json.dumps(body), content_type="application/json", **headers)


def body(o: Org, pupils: list[int], **over: Any) -> dict[str, Any]:
    marks = [{"student": sid, "status": "P"} for sid in pupils]
    return {"classroom": o.classroom.pk, "date": TODAY.isoformat(), "marks": marks, **over}


def writes() -> tuple[int, int]:
    return AttendanceMark.objects.count(), AuditEvent.objects.count()


def test_a_roll_call_is_recorded(organisation: Org, pupils: list[int]) -> None:
    data = body(organisation, pupils)
    data["marks"][0] = {"student": pupils[0], "status": "L", "minutes_late": 10, "reason": "ฝนตก"}
    response = post(organisation.teacher, data, token=True)
    assert response.status_code == 200, response.content
    assert response.json()["marks"] == response.json()["new"] == len(pupils)
    data["marks"][1] = {"student": pupils[1], "status": "A"}
    again = post(organisation.teacher, data).json()
    assert (again["marks"], again["new"], again["changed"]) == (len(pupils), 0, 1)
    late = AttendanceMark.objects.get(student_id=pupils[0], date=TODAY)
    assert (late.status, late.minutes_late, late.reason) == ("L", 10, "ฝนตก")
    assert AttendanceMark.objects.filter(date=TODAY, status="P").count() == len(pupils) - 2
    assert AttendanceMark.objects.get(student_id=pupils[1]).status == "A"


def _stranger(o: Org) -> int:
    return admit(o, "คนอื่น", "ห้องอื่น", classroom=o.other_classroom).student_id


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (
            lambda o, p, b: b["marks"].append({"student": _stranger(o), "status": "P"}),
            "student_not_enrolled",
        ),
        (lambda o, p, b: b.update(date="2026-10-20"), "date_outside_term"),
        (lambda o, p, b: b.update(date="2026-11-23"), "date_future"),
        (lambda o, p, b: b.update(date="2026-11-14"), "not_school_day"),
        (lambda o, p, b: b["marks"].append({"student": p[0], "status": "A"}), "duplicate_student"),
        (lambda o, p, b: b["marks"][1].update(status="X"), "status_invalid"),
        (lambda o, p, b: b["marks"][1].update(minutes_late=5), "minutes_late"),
        (lambda o, p, b: b.update(date="2026-11-02"), "edit_window_closed"),
        (lambda o, p, b: b.update(period=2), "course_required"),
        (lambda o, p, b: b.update(marks=[]), "no_marks"),
    ],
)
def test_bad_roll_calls_are_refused_whole_and_write_nothing(
    organisation: Org, pupils: list[int], change: Any, code: str
) -> None:
    data = body(organisation, pupils)
    change(organisation, pupils, data)
    before = writes()
    response = post(organisation.teacher, data)
    assert response.status_code == 422, response.content
    answer = response.json()
    assert [e["code"] for e in answer["errors"]] == [code]
    assert answer["detail"]
    assert writes() == before


def test_a_malformed_date_is_a_422_and_writes_nothing(organisation: Org, pupils: list[int]) -> None:
    before = writes()
    response = post(organisation.teacher, body(organisation, pupils, date="20-11-2026"))
    assert response.status_code == 422
    assert writes() == before


def test_a_class_out_of_sight_is_404_and_one_seen_but_not_taught_is_403(
    organisation: Org, pupils: list[int]
) -> None:
    before = writes()
    hidden = post(organisation.outsider, body(organisation, pupils))
    assert hidden.status_code == 404
    seen_only = post(organisation.officer, body(organisation, pupils))
    assert seen_only.status_code == 403
    assert seen_only.json()["detail"]
    missing = post(organisation.teacher, body(organisation, pupils, classroom=999999))
    assert missing.status_code == 404
    assert writes() == before


def test_anonymous_callers_are_refused(organisation: Org, pupils: list[int]) -> None:
    response = Client().post(
        PATH, json.dumps(body(organisation, pupils)), content_type="application/json"
    )
    assert response.status_code == 401
    assert not AttendanceMark.objects.exists()
