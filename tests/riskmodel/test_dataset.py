"""Reading any student table: delimiters, typing, refusals, features."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from qinfo.riskmodel.dataset import DatasetError, features, read_table, require_columns


def write(tmp_path: Path, text: str, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
def test_delimiter_is_detected_and_quoted_numbers_are_numbers(tmp_path: Path, sep: str) -> None:
    rows = ['"school"', '"G1"', '"note"']
    lines = [sep.join(rows)]
    lines += [sep.join(['"GP"', f'"{g}"', f'"a{g}"']) for g in (5, 12, 7)]
    frame = read_table(write(tmp_path, "\n".join(lines) + "\n"))
    assert list(frame.columns) == ["school", "G1", "note"]
    assert frame["G1"].tolist() == [5.0, 12.0, 7.0]
    assert pd.api.types.is_numeric_dtype(frame["G1"])
    assert frame["school"].tolist() == ["GP", "GP", "GP"]


def test_missing_values_and_bom(tmp_path: Path) -> None:
    frame = read_table(write(tmp_path, "\ufeffa;b\n1;x\nNA;\n3;y\n"))
    assert frame.columns[0] == "a"
    assert frame["a"].isna().tolist() == [False, True, False]
    assert frame["b"].isna().tolist() == [False, True, False]


def test_a_column_of_numbers_with_stray_characters_is_named(tmp_path: Path) -> None:
    body = "".join(f"{i};{v}\n" for i, v in enumerate(["4", "5", "1o", "7", "8 ", "O", "3"]))
    with pytest.raises(DatasetError) as caught:
        read_table(write(tmp_path, "id;absences\n" + body))
    message = caught.value.english
    assert "'absences'" in message
    assert "4: '1o'" in message and "7: 'O'" in message  # file lines (the header is line 1)
    assert "'absences'" in caught.value.thai


def test_text_columns_stay_text(tmp_path: Path) -> None:
    frame = read_table(write(tmp_path, "grade,label\n1,yes\n2,no\n3,yes\n"))
    assert frame["label"].tolist() == ["yes", "no", "yes"]


@pytest.mark.parametrize(
    ("text", "needle"),
    [("", "is empty"), ("  \n\n", "is empty"), ("a;b\n", "no rows")],
)
def test_empty_files(tmp_path: Path, text: str, needle: str) -> None:
    with pytest.raises(DatasetError) as caught:
        read_table(write(tmp_path, text))
    assert needle in caught.value.english


def test_missing_file_and_binary_file(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="no such data file"):
        read_table(tmp_path / "nope.csv")
    path = tmp_path / "b.csv"
    path.write_bytes(b"a,b\n\xff\xfe,1\n")
    with pytest.raises(DatasetError, match="not UTF-8"):
        read_table(path)


def test_require_columns_names_the_missing_ones() -> None:
    frame = pd.DataFrame({"a": [1], "b": [2]})
    require_columns(frame, ["a"], "x", "x")
    with pytest.raises(DatasetError) as caught:
        require_columns(frame, ["a", "zz"], "ใน --group", "in --group")
    assert "zz" in caught.value.english and "a, b" in caught.value.english


def test_features_one_hot_and_exclusions() -> None:
    frame = pd.DataFrame(
        {
            "sex": ["F", "M", None],
            "G1": [5.0, None, 7.0],
            "G3": [1.0, 2.0, 3.0],
            "name": [f"n{i}" for i in range(3)],
            "Mjob: [x]": ["a", "b", "a"],
        }
    )
    X, left_out = features(frame, exclude=["G3"])
    assert "G3" not in X.columns
    assert X["sex_F"].tolist() == [1.0, 0.0, 0.0] and X["sex_M"].tolist() == [0.0, 1.0, 0.0]
    assert X["G1"].isna().tolist() == [False, True, False]
    assert "Mjob_x_a" in X.columns  # JSON-special characters are replaced for LightGBM
    assert left_out == []
    many = pd.DataFrame({"id": [f"s{i}" for i in range(60)], "g": range(60)})
    X, left_out = features(many)
    assert left_out == ["id"] and list(X.columns) == ["g"]
