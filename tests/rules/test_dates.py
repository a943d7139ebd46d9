from __future__ import annotations

import datetime as dt

from qinfo.core.dates import academic_year_of, format_be_date


def test_dates_are_shown_in_the_buddhist_era() -> None:
    assert format_be_date(dt.date(2025, 6, 1), "th") == "1 มิ.ย. 2568"
    assert format_be_date(dt.date(2025, 6, 1), "en") == "1 Jun 2568 BE"
    assert format_be_date(None) == ""


def test_academic_year_is_named_by_the_be_year_it_starts_in() -> None:
    assert academic_year_of(dt.date(2025, 5, 16)) == 2568
    assert academic_year_of(dt.date(2026, 3, 31)) == 2568
    assert academic_year_of(dt.date(2025, 5, 15)) == 2567
