"""SDQ scoring against a plain oracle: a table of item → (subscale, scored in reverse), written out
by hand from DOMAIN.md §5, and bands read from the seeded table."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qinfo.wellbeing import sdq
from qinfo.wellbeing.models import SdqBand

E, C, H, P, S = "emotional", "conduct", "hyperactivity", "peer", "prosocial"
#: Item n (1-based) is ORACLE[n - 1]: its subscale, and whether it is scored 2 − answer.
ORACLE = [
    (S, False), (H, False), (E, False), (S, False), (C, False),  # 1–5
    (P, False), (C, True), (E, False), (S, False), (H, False),  # 6–10
    (P, True), (C, False), (E, False), (P, True), (H, False),  # 11–15
    (E, False), (S, False), (C, False), (P, False), (S, False),  # 16–20
    (H, True), (C, False), (P, False), (E, False), (H, True),  # 21–25
]  # fmt: skip

answers_25 = st.lists(st.sampled_from([0, 1, 2]), min_size=25, max_size=25)


def oracle_scores(answers: list[int]) -> dict[str, int]:
    totals = {E: 0, C: 0, H: 0, P: 0, S: 0}
    for answer, (scale, reverse) in zip(answers, ORACLE, strict=True):
        totals[scale] += (2 - answer) if reverse else answer
    return totals


@given(answers_25)
def test_subscales_match_the_oracle(answers: list[int]) -> None:
    scores = sdq.score(answers)
    expected = oracle_scores(answers)
    assert {name: scores.of(name) for name in expected} == expected
    assert scores.total == expected[E] + expected[C] + expected[H] + expected[P]
    assert 0 <= scores.total <= 40


def test_reversed_items_are_7_11_14_21_25() -> None:
    all_zero = sdq.score([0] * 25)
    # Each reversed item answered 0 scores 2: conduct 7; peer 11, 14; hyperactivity 21, 25.
    assert (all_zero.conduct, all_zero.peer, all_zero.hyperactivity) == (2, 4, 4)
    assert (all_zero.emotional, all_zero.prosocial, all_zero.total) == (0, 0, 10)


@given(answers_25)
def test_encoding_round_trips(answers: list[int]) -> None:
    stored = sdq.encode(answers)
    assert len(stored) == 25 and sdq.decode(stored) == answers


@pytest.mark.parametrize(
    "answers",
    [[0] * 24, [0] * 26, [0] * 24 + [3], [0] * 24 + [-1], [0] * 24 + [True], [0] * 24 + ["1"]],
)
def test_invalid_answers_are_not_scored(answers: list[object]) -> None:
    assert not sdq.valid_answers(answers)
    with pytest.raises(ValueError):
        sdq.score(answers)  # type: ignore[arg-type]


#: The seeded bands, written out again: (form, scale) → [(band, low, high)].
SEEDED = {
    ("teacher", "total"): [("normal", 0, 15), ("at_risk", 16, 18), ("problem", 19, 40)],
    ("parent", "total"): [("normal", 0, 16), ("at_risk", 17, 18), ("problem", 19, 40)],
    ("self", "total"): [("normal", 0, 16), ("at_risk", 17, 18), ("problem", 19, 40)],
    ("self", "emotional"): [("normal", 0, 5), ("at_risk", 6, 6), ("problem", 7, 10)],
}


@pytest.mark.django_db
def test_the_seeded_table_is_domains() -> None:
    rows = {(r.form, r.scale, r.band, r.low, r.high) for r in SdqBand.objects.all()}
    assert rows == {(f, s, b, lo, hi) for (f, s), bands in SEEDED.items() for b, lo, hi in bands}


@pytest.mark.django_db
@given(answers=answers_25, form=st.sampled_from(["teacher", "parent", "self"]))
def test_bands_come_from_the_table(answers: list[int], form: str) -> None:
    scores = sdq.score(answers)
    total, scales = sdq.bands_of(scores, form, list(SdqBand.objects.all()))
    expected_total = next(b for b, lo, hi in SEEDED[(form, "total")] if lo <= scores.total <= hi)
    assert total == expected_total
    if form == "self":
        emotional = next(
            b for b, lo, hi in SEEDED[("self", "emotional")] if lo <= scores.emotional <= hi
        )
        assert scales == {"emotional": emotional}
    else:
        assert scales == {}


@pytest.mark.django_db
def test_an_edited_table_changes_the_band() -> None:
    SdqBand.objects.filter(form="teacher", scale="total", band="normal").update(high=14)
    SdqBand.objects.filter(form="teacher", scale="total", band="at_risk").update(low=15)
    at_15 = sdq.SdqScores(emotional=5, conduct=5, hyperactivity=5, peer=0, prosocial=5)
    assert sdq.bands_of(at_15, "teacher", SdqBand.objects.all())[0] == "at_risk"
