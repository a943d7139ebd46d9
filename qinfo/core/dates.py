"""Dates shown in the Buddhist Era (BE = CE + 543); stored as ISO dates."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import get_language

BE_OFFSET = 543
THAI_MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip
ENGLISH_MONTHS_SHORT = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip


def be_year(value: dt.date | int) -> int:
    year = value if isinstance(value, int) else value.year
    return year + BE_OFFSET


def format_be_date(value: dt.date | None, language: str | None = None) -> str:
    """'1 มิ.ย. 2568' in Thai, '1 Jun 2568 BE' in English."""
    if value is None:
        return ""
    lang = (language or get_language() or "th")[:2]
    if lang == "en":
        return f"{value.day} {ENGLISH_MONTHS_SHORT[value.month - 1]} {be_year(value)} BE"
    return f"{value.day} {THAI_MONTHS_SHORT[value.month - 1]} {be_year(value)}"


def academic_year_of(day: dt.date) -> int:
    """The BE academic year that a date falls in by the usual 16 May boundary.

    Only a default for generating data: real term dates are stored per term, never derived.
    """
    starts_this_year = (day.month, day.day) >= (5, 16)
    return be_year(day.year if starts_this_year else day.year - 1)


def command_date(text: str) -> dt.date:
    """A date typed on the command line (YYYY-MM-DD, Common Era), or a clear error in both
    languages."""
    from django.core.management.base import CommandError

    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(
            f"วันที่ต้องอยู่ในรูป YYYY-MM-DD (ค.ศ.) / the date must be YYYY-MM-DD: {text!r}"
        ) from exc
