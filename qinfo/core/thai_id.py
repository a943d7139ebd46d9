"""Thai identifiers: the 13-digit national ID with its check digit, and the G-code.

DOMAIN.md §2: with d1..d12 and weights 13..2, sum = Σ d_i × (14 − i),
check = (11 − sum mod 11) mod 10. The check digit is a validity check, not a de-duplication key.
"""

from __future__ import annotations

import re

_NATIONAL_ID = re.compile(r"^[1-8]\d{12}$")
_G_CODE = re.compile(r"^G\d{12}$")


def national_id_check_digit(first_twelve: str) -> int:
    if len(first_twelve) != 12 or not first_twelve.isdigit():
        raise ValueError("need exactly 12 digits")
    total = sum(int(d) * (13 - i) for i, d in enumerate(first_twelve))
    return (11 - total % 11) % 10


def is_valid_national_id(value: str) -> bool:
    if not _NATIONAL_ID.match(value):
        return False
    return national_id_check_digit(value[:12]) == int(value[12])


def is_g_code(value: str) -> bool:
    return bool(_G_CODE.match(value))


def normalise_identifier(value: str) -> str:
    """Strip the spaces and dashes people type ("1-1037-02488-99-2")."""
    return re.sub(r"[\s-]", "", value).upper()
