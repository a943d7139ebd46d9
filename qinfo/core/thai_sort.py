"""Thai dictionary order (docs/decisions/0002-thai-sort.md), by PyThaiNLP's ``collate``.

Code-point order is not Thai order: the leading vowels เ แ โ ใ ไ are written before the consonant
they follow in speech, and tone marks must only break ties. ``collate`` handles both; words that
``collate`` ranks equal (the same letters, different tone marks) keep code-point order, which puts
the unmarked word first and then ่ ้ ๊ ๋. Latin names come before Thai ones, case ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from pythainlp.util import collate

T = TypeVar("T")


def thai_sorted_by(items: Iterable[T], key: Callable[[T], tuple[str, ...]]) -> list[T]:
    """Items in Thai order of the strings ``key`` gives, compared in turn (e.g. first name,
    then family name). Items with equal strings keep their given order."""
    listed = list(items)
    keys = [tuple(word.strip().casefold() for word in key(item)) for item in listed]
    # collate sorts stably, so pre-sorting by code point settles the ties it leaves.
    rank = {word: n for n, word in enumerate(collate(sorted({w for k in keys for w in k})))}
    order = sorted(range(len(listed)), key=lambda i: tuple(rank[w] for w in keys[i]))
    return [listed[i] for i in order]


def thai_sorted(words: Iterable[str]) -> list[str]:
    return thai_sorted_by(words, lambda word: (word,))
