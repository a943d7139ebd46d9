"""The reasons in words: each fired rule as its indicator with the value, Thai or English."""

from __future__ import annotations

from qinfo.alerts.reasons import reasons, reasons_line, value_in_words
from qinfo.risk.scoring import model_fired
from tests.alerts.conftest import LOW, SDQ, STREAK


def test_counts_rates_levels_in_thai_and_english() -> None:
    assert value_in_words("absent_streak", 3, "th") == "ขาดเรียนติดต่อกัน 3 วัน"
    assert value_in_words("absent_streak", 3, "en") == "School days absent in a row: 3"
    assert value_in_words("over_age", 2.0, "th") == "อายุเกินชั้น 2 ปี"
    assert value_in_words("attendance_rate_term", 72.46, "th") == "อัตราการมาเรียนภาคเรียนนี้ 72.5%"
    assert value_in_words("attendance_rate_term", 72.46, "en") == "Attendance rate this term: 72.5%"
    assert value_in_words("chronic_absence", 1, "en").startswith("Chronically absent")
    assert value_in_words("sdq_band", 1, "en") == "SDQ band (0 normal, 1 at risk, 2 problem): 1"


def test_problems_first_with_the_rule_that_fired() -> None:
    fired = [STREAK.as_fired(3), SDQ.as_fired(1), LOW.as_fired(72.5)]
    found = reasons(fired, "th")
    assert [r.severity for r in found] == ["problem", "at_risk", "at_risk"]
    assert found[1].rule == STREAK.label_th and found[1].hard
    assert reasons_line(fired, "en").startswith("Attendance rate this term: 72.5%")


def test_the_learned_model_says_its_probability() -> None:
    [reason] = reasons([model_fired(0.8123, 0.5)], "en")
    assert reason.text.endswith("(81%)") and not reason.hard
