"""Thai identifiers: the 13-digit national ID with its check digit, and the G-code.

The national ID rule (DOMAIN.md §2) is checked by python-stdnum's ``stdnum.th.pin``, a maintained
library of identifier formats; tests compare it with the published rule written out by hand.
The check digit is a validity check, not a de-duplication key. G-codes have no checksum.
"""

from __future__ import annotations

import re

from stdnum.th import pin

_G_CODE = re.compile(r"^G\d{12}$")


def national_id_check_digit(first_twelve: str) -> int:
    if len(first_twelve) != 12 or not first_twelve.isdigit():
        raise ValueError("need exactly 12 digits")
    return int(pin.calc_check_digit(first_twelve))


def is_valid_national_id(value: str) -> bool:
    """13 digits, first digit 1-8 (the person type), and a matching check digit."""
    return len(value) == 13 and value.isascii() and pin.is_valid(value)


def is_g_code(value: str) -> bool:
    return bool(_G_CODE.match(value))


def normalise_identifier(value: str) -> str:
    """Strip the spaces and dashes people type ("1-1037-02488-99-2")."""
    return re.sub(r"[\s-]", "", value).upper()
