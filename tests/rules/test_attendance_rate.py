"""Attendance rate as docs/definitions.md §2 states it: P, L and T attend; S, E and A do not."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from qinfo.attendance.models import AttendanceStatus, attendance_rate

counts = st.fixed_dictionaries({s.value: st.integers(0, 200) for s in AttendanceStatus})


def test_worked_example() -> None:
    # 150 present, 10 late, 5 on an activity, 20 sick, 5 on leave, 10 absent: 165 of 200.
    assert attendance_rate({"P": 150, "L": 10, "T": 5, "S": 20, "E": 5, "A": 10}) == 82.5


def test_no_marks_has_no_rate() -> None:
    assert attendance_rate({}) is None


@given(counts)
def test_rate_counts_exactly_present_late_and_activity(c: dict[str, int]) -> None:
    total = sum(c.values())
    expected = None if total == 0 else 100.0 * (c["P"] + c["L"] + c["T"]) / total
    assert attendance_rate(c) == expected
