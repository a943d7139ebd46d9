"""Thai dictionary order, against a list ordered by hand from the Royal Institute dictionary."""

from __future__ import annotations

import random

from qinfo.core.thai_sort import thai_sorted, thai_sorted_by

# Consonant first, then vowels in the order ะ ั า ิ … เ แ โ ใ ไ; tone marks only break ties.
DICTIONARY_ORDER = [
    "กง",
    "กมล",
    "ก้อง",
    "กะ",
    "กัน",
    "กา",
    "ก่า",
    "ก้า",
    "กิ่ง",
    "เก่ง",
    "เกศ",
    "แก้ว",
    "โกวิท",
    "ใกล้",
    "ไก่",
    "ขวัญ",
    "จันทร์",
    "ใจ",
    "ณัฐ",
    "นก",
    "เนตร",
    "อรุณ",
]


def test_thai_dictionary_order() -> None:
    shuffled = DICTIONARY_ORDER[:]
    random.Random(7).shuffle(shuffled)
    assert thai_sorted(shuffled) == DICTIONARY_ORDER


def test_unicode_order_is_not_thai_order() -> None:
    assert sorted(DICTIONARY_ORDER) != DICTIONARY_ORDER


def test_latin_names_sort_before_thai_and_ignore_case() -> None:
    assert thai_sorted(["กา", "bo", "Anna"]) == ["Anna", "bo", "กา"]


def test_people_sort_by_first_name_then_family_name() -> None:
    people = [("ใจ", "ดี"), ("กา", "แก้ว"), ("กา", "กมล"), ("อรุณ", "ไก่")]
    assert thai_sorted_by(people, lambda p: p) == [
        ("กา", "กมล"),
        ("กา", "แก้ว"),
        ("ใจ", "ดี"),
        ("อรุณ", "ไก่"),
    ]


def test_empty_input_and_empty_names() -> None:
    assert thai_sorted([]) == []
    assert thai_sorted(["กา", ""]) == ["", "กา"]
