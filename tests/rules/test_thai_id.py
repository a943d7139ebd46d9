"""The national ID check digit, against an independent statement of the rule (DOMAIN.md §2)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from qinfo.core.thai_id import is_g_code, is_valid_national_id, national_id_check_digit

twelve_digits = st.text(alphabet="0123456789", min_size=11, max_size=11).map(lambda s: "1" + s)


def oracle_check_digit(first_twelve: str) -> int:
    # Written out as the published rule reads: digit i (1-based) weighs 14 - i.
    total = 0
    for position in range(1, 13):
        total += int(first_twelve[position - 1]) * (14 - position)
    remainder = total % 11
    return (11 - remainder) % 10


def test_published_example_is_valid() -> None:
    assert is_valid_national_id("1103702488992")
    assert not is_valid_national_id("1103702488993")


@given(twelve_digits)
def test_check_digit_matches_the_published_rule(first: str) -> None:
    assert national_id_check_digit(first) == oracle_check_digit(first)
    assert is_valid_national_id(first + str(oracle_check_digit(first)))


@given(twelve_digits, st.integers(min_value=0, max_value=9))
def test_any_other_last_digit_is_invalid(first: str, last: int) -> None:
    expected = oracle_check_digit(first)
    assert is_valid_national_id(first + str(last)) == (last == expected)


@given(st.text(max_size=20))
def test_anything_but_thirteen_digits_starting_1_to_8_is_invalid(text: str) -> None:
    if not (len(text) == 13 and text.isascii() and text.isdigit() and text[0] in "12345678"):
        assert not is_valid_national_id(text)


def test_g_code_shape() -> None:
    assert is_g_code("G123456789012")
    assert not is_g_code("G12345678901")
    assert not is_g_code("X123456789012")
