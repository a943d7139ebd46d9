"""The columnar attendance indicators and the database ones mean the same thing: on the same
marks (random roll calls saved through the service), the matrix of status codes gives the same
numbers as ``indicators_as_of`` for every child and several dates."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from qinfo.attendance.models import DAILY, AttendanceMark
from qinfo.organisations.models import NonSchoolDay
from qinfo.risk.indicators import indicators_as_of
from qinfo.riskmodel.columnar import ATTENDANCE_COLUMNS, CODES, Calendar, attendance_indicators
from tests.risk.test_indicators_attendance import mark_randomly, weekdays
from tests.services.conftest import Org, admit, frozen_today, organisation

__all__ = ["frozen_today", "organisation"]

HOLIDAY = dt.date(2026, 9, 14)


def year_days(o: Org) -> list[dt.date]:
    days = weekdays(o.term1.start_date, o.term1.end_date) + weekdays(
        o.term2.start_date, o.term2.end_date
    )
    return [d for d in days if d != HOLIDAY]


@pytest.mark.parametrize(
    "as_of", [dt.date(2026, 9, 25), dt.date(2026, 10, 20), dt.date(2026, 11, 20)]
)
def test_columnar_equals_database(organisation: Org, as_of: dt.date) -> None:
    o = organisation
    NonSchoolDay.objects.create(academic_year=o.year, date=HOLIDAY, name_th="หยุด")
    kids = [admit(o, f"เด็ก{i}", "เทียบ").student.pk for i in range(6)]
    days = [d for d in year_days(o) if dt.date(2026, 8, 31) <= d <= dt.date(2026, 11, 20)]
    mark_randomly(o, 4, days, dict.fromkeys(kids, o.term1.start_date))

    columns = [d for d in year_days(o) if d <= as_of]
    index = {d: i for i, d in enumerate(columns)}
    row = {sid: i for i, sid in enumerate(kids)}
    marks = np.zeros((len(kids), len(columns)), dtype=np.int8)
    for sid, on, status in AttendanceMark.objects.filter(period=DAILY).values_list(
        "student_id", "date", "status"
    ):
        if on in index:
            marks[row[sid], index[on]] = CODES[status]
    term_start = o.term2.start_date if as_of >= o.term2.start_date else o.term1.start_date
    first = next(i for i, d in enumerate(columns) if d >= term_start)
    columnar = attendance_indicators(marks, Calendar(days=len(columns), term_start=first))

    frame = indicators_as_of(as_of)
    for name in ATTENDANCE_COLUMNS:
        for sid in kids:
            a, b = float(frame.at[sid, name]), float(columnar[name][row[sid]])
            assert (math.isnan(a) and math.isnan(b)) or math.isclose(a, b), (name, sid, a, b)
    assert frame["attendance_rate_term"].notna().all() and len(frame) == len(kids)
    assert (frame["attendance_rate_term"] < 100).any()
