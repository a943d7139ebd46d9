"""Scoring the Strengths and Difficulties Questionnaire (docs/definitions.md §11).

Only numbers are kept: the item texts are copyrighted (youthinmind), so pages show item numbers
with a short neutral label of our own. Each of the 25 answers is 0, 1 or 2 as ticked; items 7, 11,
14, 21 and 25 are worded positively and are scored in reverse (2 − answer). Each subscale is the
sum of its five scored items (0–10); total difficulties is the sum of the first four (0–40).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

ITEMS = 25
ANSWERS = (0, 1, 2)

#: Subscale → its items (1-based), in the order of DOMAIN.md §5.
SUBSCALES: dict[str, tuple[int, ...]] = {
    "emotional": (3, 8, 13, 16, 24),
    "conduct": (5, 7, 12, 18, 22),
    "hyperactivity": (2, 10, 15, 21, 25),
    "peer": (6, 11, 14, 19, 23),
    "prosocial": (1, 4, 9, 17, 20),
}
DIFFICULTIES = ("emotional", "conduct", "hyperactivity", "peer")
REVERSED = frozenset({7, 11, 14, 21, 25})


@dataclass(frozen=True)
class SdqScores:
    emotional: int
    conduct: int
    hyperactivity: int
    peer: int
    prosocial: int

    @property
    def total(self) -> int:
        return self.emotional + self.conduct + self.hyperactivity + self.peer

    def of(self, scale: str) -> int:
        return self.total if scale == "total" else int(getattr(self, scale))


def valid_answers(answers: Sequence[object]) -> bool:
    return len(answers) == ITEMS and all(
        isinstance(a, int) and not isinstance(a, bool) and a in ANSWERS for a in answers
    )


def score(answers: Sequence[int]) -> SdqScores:
    """The five subscale scores of 25 valid answers (check ``valid_answers`` first)."""
    if not valid_answers(answers):
        raise ValueError("an SDQ needs 25 answers, each 0, 1 or 2")

    def scored(item: int) -> int:
        answer = answers[item - 1]
        return 2 - answer if item in REVERSED else answer

    sums = {name: sum(scored(item) for item in items) for name, items in SUBSCALES.items()}
    return SdqScores(**sums)


def encode(answers: Sequence[int]) -> str:
    """The stored form: one digit per item, item 1 first."""
    return "".join(str(a) for a in answers)


def decode(stored: str) -> list[int]:
    return [int(c) for c in stored]


class BandRow(Protocol):
    form: str
    scale: str
    band: str
    low: int
    high: int


def band_of(value: int, form: str, scale: str, bands: Iterable[BandRow]) -> str:
    """The band of a score on one scale of one form; '' when the table has none for it."""
    for row in bands:
        if row.form == form and row.scale == scale and row.low <= value <= row.high:
            return row.band
    return ""


def bands_of(scores: SdqScores, form: str, bands: Iterable[BandRow]) -> tuple[str, dict[str, str]]:
    """(total band, {subscale: band} for the subscales the table covers on this form)."""
    rows = [row for row in bands if row.form == form]
    total = band_of(scores.total, form, "total", rows)
    scales = {}
    for name in SUBSCALES:
        found = band_of(scores.of(name), form, name, rows)
        if found:
            scales[name] = found
    return total, scales
