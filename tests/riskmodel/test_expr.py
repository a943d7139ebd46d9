"""Row conditions: what they mark (against a per-row Python oracle) and what they refuse."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qinfo.riskmodel.expr import ExprError, parse

FRAME = pd.DataFrame(
    {
        "G2": [12.0, 8.0, float("nan"), 10.0, 3.0],
        "absences": [0.0, 9.0, 7.0, 2.0, 6.0],
        "Target": ["Graduate", "Dropout", "Dropout", None, "Enrolled"],
        "final grade": [11.0, 9.0, 5.0, 10.0, 0.0],
    }
)


def test_columns_used() -> None:
    assert parse("G2 < 10 and absences > 5").columns == {"G2", "absences"}
    assert parse("`final grade` < 10").columns == {"final grade"}
    assert parse("Target == 'Dropout'").columns == {"Target"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("G2 < 10", [False, True, False, False, True]),
        ("G2 < 10 and absences > 5", [False, True, False, False, True]),
        ("G2 < 10 or absences > 6", [False, True, True, False, True]),
        ("not G2 < 10", [True, False, True, True, False]),  # NaN < 10 is false, so not(...) true
        ("Target == 'Dropout'", [False, True, True, False, False]),
        ("Target != 'Dropout'", [True, False, False, False, True]),  # missing compares false
        ("Target in ['Dropout', 'Enrolled']", [False, True, True, False, True]),
        ("Target not in ['Dropout']", [True, False, False, False, True]),
        ("(G2 + absences) / 2 >= 6", [True, True, False, True, False]),
        ("5 < absences <= 7", [False, False, True, False, True]),
        ("`final grade` < 10", [False, True, True, False, True]),
        ("-G2 > -5", [False, False, False, False, True]),
    ],
)
def test_marks(text: str, expected: list[bool]) -> None:
    assert parse(text).evaluate(FRAME).tolist() == expected


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.integers(0, 20)), min_size=1, max_size=20),
    st.lists(st.integers(0, 30), min_size=20, max_size=20),
    st.integers(0, 20),
    st.integers(0, 30),
    st.sampled_from(["and", "or"]),
)
def test_compound_conditions_match_a_row_by_row_oracle(
    grades: list[int | None], absences: list[int], cut: int, limit: int, joiner: str
) -> None:
    frame = pd.DataFrame(
        {"G": [math.nan if g is None else float(g) for g in grades], "a": absences[: len(grades)]}
    )
    got = parse(f"G < {cut} {joiner} a >= {limit}").evaluate(frame).tolist()
    expected = []
    for g, a in zip(grades, absences, strict=False):
        first = g is not None and g < cut
        second = a >= limit
        expected.append((first and second) if joiner == "and" else (first or second))
    assert got == expected


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("G3 <", "not valid syntax"),
        ("", "empty"),
        ("__import__('os').system('true')", "not allowed"),
        ("G2.real < 3", "not allowed"),
        ("G2 < 10 if True else False", "not allowed"),
        ("[x for x in G2]", "not allowed"),
        ("G2 is None", "not allowed"),
    ],
)
def test_refused_at_parse(text: str, needle: str) -> None:
    with pytest.raises(ExprError) as caught:
        parse(text)
    assert needle in caught.value.english
    assert caught.value.thai


def test_unknown_column_is_named_with_a_hint() -> None:
    with pytest.raises(ExprError) as caught:
        parse("G22 < 10").evaluate(FRAME)
    assert "G22" in caught.value.english and "did you mean G2" in caught.value.english
    with pytest.raises(ExprError) as caught:
        parse("Target == Dropout").evaluate(FRAME)
    assert "Dropout" in caught.value.english and "quotes" in caught.value.english


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("Target < 3", "mismatched types"),
        ("G2 + 1", "must be a condition"),
        ("1 < 2", "does not depend on any column"),
    ],
)
def test_refused_at_evaluation(text: str, needle: str) -> None:
    with pytest.raises(ExprError) as caught:
        parse(text).evaluate(FRAME)
    assert needle in caught.value.english
