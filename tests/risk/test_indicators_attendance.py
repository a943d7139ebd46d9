"""The attendance indicators of ``indicators_as_of`` against a plain per-student oracle
(docs/definitions.md §15), on marks saved through the roll-call service: random statuses and
unmarked days over the end of term 1 and the start of term 2, a public holiday, a child who
joined late, and several dates (in a term, between terms, a weekend, a holiday)."""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from fractions import Fraction

import pytest

from qinfo.attendance.models import AttendanceMark
from qinfo.attendance.services import MarkInput, attendance_record
from qinfo.organisations.models import NonSchoolDay
from qinfo.risk.indicators import indicators_as_of
from qinfo.riskmodel.features import NAMES
from tests.services.conftest import Org, admit

ATTENDED = {"P", "L", "T"}
MISSED = {"S", "E", "A"}
HOLIDAY = dt.date(2026, 10, 5)
ATTENDANCE = (
    "attendance_rate_term",
    "attendance_rate_20d",
    "absent_streak",
    "chronic_absence",
    "absence_trend",
)


def weekdays(start: dt.date, end: dt.date) -> list[dt.date]:
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    return [d for d in days if d.weekday() < 5]


@dataclass
class Marked:
    o: Org
    marks: dict[int, dict[dt.date, str]]  # student → day → status
    school_days: list[dt.date]  # every school day of the year in the marked range


def mark_randomly(o: Org, seed: int, days: list[dt.date], joined: dict[int, dt.date]) -> Marked:
    """Random roll calls: each child on each day present (mostly), late, on leave, absent, on an
    activity, or not marked; a run of absences at the end for some."""
    rng = random.Random(seed)
    marks: dict[int, dict[dt.date, str]] = {sid: {} for sid in joined}
    tail = {sid: rng.randint(1, 4) if rng.random() < 0.4 else 0 for sid in joined}
    for day in days:
        entries = []
        for sid, start in joined.items():
            if day < start or rng.random() < 0.07:
                continue
            if tail[sid] and day >= days[-tail[sid]]:
                status = rng.choice("SEA")
            else:
                status = rng.choices("PLSEAT", weights=[70, 6, 6, 4, 10, 4])[0]
            marks[sid][day] = status
            entries.append(MarkInput(sid, status))
        if entries:
            attendance_record(actor=o.registrar, classroom=o.classroom, date=day, marks=entries)
    return Marked(o, marks, days)


def oracle(m: Marked, sid: int, as_of: dt.date) -> dict[str, float]:
    o = m.o
    days = [d for d in m.school_days if d <= as_of]
    term_start = o.term2.start_date if as_of >= o.term2.start_date else o.term1.start_date
    term_days = [d for d in days if d >= term_start]
    window = days[-20:]
    early = [d for d in term_days if d < window[0]] if window else []
    mine = m.marks[sid]

    def rate(span: list[dt.date]) -> float:
        marked = [mine[d] for d in span if d in mine]
        if not marked:
            return math.nan
        return 100.0 * sum(s in ATTENDED for s in marked) / len(marked)

    streak = 0
    for day in reversed(days):
        if mine.get(day) not in MISSED:
            break
        streak += 1
    # Chronic absence: the term so far, or the last 20 school days while the term is younger.
    span = term_days if len(term_days) >= len(window) else window
    term_marked = [mine[d] for d in span if d in mine]
    missed = sum(s in MISSED for s in term_marked)
    chronic = (
        float(Fraction(missed, len(term_marked)) >= Fraction(1, 10)) if term_marked else math.nan
    )
    return {
        "attendance_rate_term": rate(term_days),
        "attendance_rate_20d": rate(window),
        "absent_streak": float(streak),
        "chronic_absence": chronic,
        "absence_trend": (100.0 - rate(window)) - (100.0 - rate(early)),
    }


@pytest.fixture
def marked(organisation: Org) -> Marked:
    o = organisation
    NonSchoolDay.objects.create(academic_year=o.year, date=HOLIDAY, name_th="วันหยุด")
    kids = [admit(o, f"เด็ก{i}", "ทดสอบ").student for i in range(7)]
    late = admit(o, "มาทีหลัง", "ทดสอบ", start=dt.date(2026, 11, 9)).student
    joined = {k.pk: dt.date(2026, 5, 18) for k in kids} | {late.pk: dt.date(2026, 11, 9)}
    days = [
        d
        for d in weekdays(dt.date(2026, 8, 24), o.term1.end_date)
        + weekdays(o.term2.start_date, dt.date(2026, 11, 20))
        if d != HOLIDAY
    ]
    return mark_randomly(o, 20261120, days, joined)


def close(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, abs_tol=1e-9)


AS_OF = [
    dt.date(2026, 9, 30),  # in term 1
    dt.date(2026, 10, 5),  # a holiday
    dt.date(2026, 10, 9),  # the last day of term 1
    dt.date(2026, 10, 24),  # between terms, a Saturday
    dt.date(2026, 11, 4),  # term 2, third day: the window reaches back into term 1
    dt.date(2026, 11, 15),  # a Sunday
    dt.date(2026, 11, 20),  # today
]


@pytest.mark.parametrize("as_of", AS_OF)
def test_attendance_indicators_equal_the_oracle(marked: Marked, as_of: dt.date) -> None:
    frame = indicators_as_of(as_of)
    late = max(marked.marks)  # admitted last, on 2026-11-09
    enrolled = {sid for sid in marked.marks if sid != late or as_of >= dt.date(2026, 11, 9)}
    assert set(frame.index) == enrolled
    assert list(frame.columns[: len(NAMES)]) == list(NAMES)
    for sid in enrolled:
        expected = oracle(marked, sid, as_of)
        got = {name: float(frame.at[sid, name]) for name in ATTENDANCE}
        assert all(close(got[k], expected[k]) for k in ATTENDANCE), (sid, as_of, got, expected)


def test_the_random_data_reach_every_case(marked: Marked) -> None:
    """The data above do exercise streaks, chronic absence, trends and unmarked days."""
    frames = [indicators_as_of(day) for day in AS_OF]
    assert max(f["absent_streak"].max() for f in frames) >= 2
    assert any((f["chronic_absence"] == 1).any() for f in frames)
    assert any((f["chronic_absence"] == 0).any() for f in frames)
    assert any(f["absence_trend"].notna().any() for f in frames)
    assert frames[-1]["absence_trend"].isna().all()  # term 2 has under 20 days: no earlier days
    assert AttendanceMark.objects.count() < len(marked.marks) * len(marked.school_days)


def test_a_long_streak_is_followed_back_past_the_window(organisation: Org) -> None:
    """Absent every day of term 2 and the last 25 of term 1 (a run of 40 school days ending
    today): the streak follows the marks back beyond the first 20-day window."""
    o = organisation
    kid = admit(o, "หายไป", "นาน").student
    days = weekdays(dt.date(2026, 9, 7), o.term1.end_date) + weekdays(
        o.term2.start_date, dt.date(2026, 11, 20)
    )
    for day in days:
        attendance_record(
            actor=o.registrar, classroom=o.classroom, date=day, marks=[MarkInput(kid.pk, "A")]
        )
    row = indicators_as_of(dt.date(2026, 11, 20)).loc[kid.pk]
    assert row["absent_streak"] == len(days) == 40
    assert row["attendance_rate_term"] == 0.0 and row["chronic_absence"] == 1.0


def test_no_term_yet_leaves_attendance_unknown(organisation: Org) -> None:
    admit(organisation, "ใหม่", "เอี่ยม", start=dt.date(2026, 5, 16))
    frame = indicators_as_of(dt.date(2026, 5, 17))
    assert len(frame) == 1
    assert frame[list(ATTENDANCE)].isna().all().all()
