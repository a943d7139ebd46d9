"""The label of the network's model on hand-made enrolments (docs/definitions.md §17)."""

from __future__ import annotations

import datetime as dt

import pytest

from qinfo.enrolment.models import Enrolment, EnrolmentStatus
from qinfo.enrolment.services import enrolment_close, enrolment_create, enrolment_transfer
from qinfo.organisations import services as org
from qinfo.organisations.models import GradeLevel
from qinfo.risk.labels import did_not_continue, window_end
from tests.services.conftest import Org, admit

AS_OF = dt.date(2025, 6, 2)


@pytest.fixture
def past(organisation: Org):
    """School year 2568 (May 2025 – May 2026) with a ป.1 class in each school."""
    o = organisation
    year = org.academic_year_create(
        actor=o.admin, network=o.network, year_be=2568,
        start_date=dt.date(2025, 5, 16), end_date=dt.date(2026, 5, 15),
    )  # fmt: skip
    here = org.classroom_create(
        actor=o.admin, school=o.school, academic_year=year, grade_level=GradeLevel.P1, room=1
    )
    there = org.classroom_create(
        actor=o.admin, school=o.other_school, academic_year=year, grade_level=GradeLevel.P1, room=1
    )
    return o, here, there


def child(o: Org, name: str, classroom) -> Enrolment:
    return admit(o, name, "ทดสอบ", classroom=classroom, start=dt.date(2025, 5, 19))


def close(o: Org, enrolment: Enrolment, status: str, day: dt.date, destination: str = ""):
    reason = "" if status in ("promoted", "repeating", "graduated") else "family_situation"
    return enrolment_close(actor=o.admin, enrolment=enrolment, status=status, end_date=day,
                           exit_reason=reason, destination=destination)  # fmt: skip


def test_labels_on_hand_made_enrolments(past):
    o, here, there = past
    kids = {}

    kids["dropped"] = child(o, "ก", here)
    close(o, kids["dropped"], EnrolmentStatus.DROPPED_OUT, dt.date(2026, 2, 10))

    # Promoted, then dropped out in the next year 13 months after the as-of date.
    kids["late"] = child(o, "ข", here)
    close(o, kids["late"], EnrolmentStatus.PROMOTED, dt.date(2026, 3, 31))
    nxt = enrolment_create(actor=o.admin, student=kids["late"].student, classroom=o.classroom,
                           start_date=dt.date(2026, 5, 18))  # fmt: skip
    close(o, nxt, EnrolmentStatus.DROPPED_OUT, dt.date(2026, 7, 2))

    # Dropped out on the last day of the window, and on the first day after it.
    kids["last_day"] = admit(o, "ค", "ทดสอบ", start=dt.date(2026, 5, 18))
    close(o, kids["last_day"], EnrolmentStatus.DROPPED_OUT, dt.date(2026, 6, 1))
    kids["day_after"] = admit(o, "ง", "ทดสอบ", start=dt.date(2026, 5, 18))
    close(o, kids["day_after"], EnrolmentStatus.DROPPED_OUT, dt.date(2026, 6, 2))

    kids["named"] = child(o, "จ", here)
    close(o, kids["named"], EnrolmentStatus.TRANSFERRED_OUT, dt.date(2025, 12, 1),
          destination="โรงเรียนบ้านไกล")  # fmt: skip

    kids["nowhere"] = child(o, "ฉ", here)
    close(o, kids["nowhere"], EnrolmentStatus.TRANSFERRED_OUT, dt.date(2025, 12, 1))

    # Left with no destination written, but enrolled again in the network the same month.
    kids["found"] = child(o, "ช", here)
    close(o, kids["found"], EnrolmentStatus.TRANSFERRED_OUT, dt.date(2025, 12, 1))
    enrolment_create(actor=o.admin, student=kids["found"].student, classroom=there,
                     start_date=dt.date(2025, 12, 15))  # fmt: skip

    kids["moved"] = child(o, "ซ", here)  # a transfer inside the network
    enrolment_transfer(actor=o.admin, enrolment=kids["moved"], to_classroom=there,
                       on=dt.date(2025, 9, 1))  # fmt: skip

    kids["stays"] = child(o, "ฌ", here)
    kids["died"] = child(o, "ญ", here)
    enrolment_close(actor=o.admin, enrolment=kids["died"], status=EnrolmentStatus.DECEASED,
                    end_date=dt.date(2025, 8, 1), exit_reason="death")  # fmt: skip
    kids["before"] = child(o, "ฎ", here)  # left before the as-of date
    close(o, kids["before"], EnrolmentStatus.DROPPED_OUT, dt.date(2025, 6, 1))

    ids = {name: e.student_id for name, e in kids.items()}
    label = did_not_continue(AS_OF, list(ids.values()))
    got = {name: int(label[sid]) for name, sid in ids.items()}
    assert got == {
        "dropped": 1, "late": 0, "last_day": 1, "day_after": 0, "named": 0, "nowhere": 1,
        "found": 0, "moved": 0, "stays": 0, "died": 0, "before": 0,
    }  # fmt: skip
    assert list(label.index) == list(ids.values()) and label.name == "did_not_continue"
    # Only the students asked for are answered.
    assert list(did_not_continue(AS_OF, [ids["stays"], ids["dropped"]])) == [0, 1]
    assert did_not_continue(AS_OF, []).empty


def test_the_window_is_twelve_months():
    assert window_end(dt.date(2025, 11, 10)) == dt.date(2026, 11, 10)
    assert window_end(dt.date(2024, 2, 29)) == dt.date(2025, 3, 1)
