"""The attendance calendar's month grids against an obviously-correct oracle: every weekday of
every month drawn appears once, in its own column, with the class its date calls for; no
Saturday or Sunday appears; the months drawn run from the term's first to today's (or the
term's last)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from qinfo.web.child_calendar import month_grids

STATUSES = "PLSEAT"


@st.composite
def terms(draw: st.DrawFn) -> tuple[dt.date, dt.date, dict, dict, dt.date, list]:
    start = draw(st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)))
    end = start + dt.timedelta(days=draw(st.integers(1, 160)))
    days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    weekdays = [d for d in days if d.weekday() < 5]
    marked = draw(st.lists(st.sampled_from(weekdays), unique=True)) if weekdays else []
    marks = {d: (draw(st.sampled_from(STATUSES)), None) for d in marked}
    free = [d for d in weekdays if d not in marks]
    closed = draw(st.lists(st.sampled_from(free), unique=True, max_size=5)) if free else []
    holidays = {d: "วันหยุด" for d in closed}
    today = start + dt.timedelta(days=draw(st.integers(-10, 200)))
    # The child enrolled from some day to some day (or still), possibly not the whole term.
    joined = start + dt.timedelta(days=draw(st.integers(-5, 40)))
    left = draw(st.none() | st.integers(0, 160).map(lambda n: joined + dt.timedelta(days=n)))
    return start, end, marks, holidays, today, [(joined, left)]


def expected_css(day: dt.date, start: dt.date, end: dt.date, marks: dict, holidays: dict,
                 today: dt.date, enrolled: list) -> str:  # fmt: skip
    if day in marks:
        return f"a-{marks[day][0]}"
    if day < start or day > end:
        return "off"
    joined, left = enrolled[0]
    if day < joined or (left is not None and day > left):
        return "off"
    if day in holidays:
        return "off holiday"
    return "future" if day > today else "nomark"


@settings(max_examples=150, deadline=None)
@given(terms())
def test_month_grids_draw_each_weekday_once_with_its_mark(
    term: tuple[dt.date, dt.date, dict, dict, dt.date, list],
) -> None:
    start, end, marks, holidays, today, enrolled = term
    months = month_grids(start, end, marks, holidays, today, "th", enrolled)
    last = max(start, min(end, today))
    expected_months = (last.year - start.year) * 12 + last.month - start.month + 1
    assert len(months) == expected_months
    seen: list[dt.date] = []
    for grid in months:
        for week in grid.weeks:
            assert len(week) == 5
            for column, cell in enumerate(week):
                if cell.date is None:
                    continue
                assert cell.date.weekday() == column
                expected = expected_css(cell.date, start, end, marks, holidays, today, enrolled)
                assert cell.css == expected
                if cell.date in marks:
                    assert cell.short and cell.title  # a word, not only a colour
                seen.append(cell.date)
    assert len(seen) == len(set(seen))
    first = start.replace(day=1)
    month_after = (last.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    every = [first + dt.timedelta(days=n) for n in range((month_after - first).days)]
    assert sorted(seen) == [d for d in every if d.weekday() < 5]
