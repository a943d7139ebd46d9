"""Reading any student table for the evaluation harness (docs/definitions.md §17).

`read_table(path)` reads a CSV whose delimiter is detected (csv.Sniffer among , ; tab |), with
every value first read as text and then typed column by column: a column whose non-empty values
are all numbers (quoted or not: "5" is 5) becomes numeric; a column of which at least half the
non-empty values are numbers and the rest are not is refused as a typing mistake, naming the
column, the first bad lines and their values; anything else is text. `features(frame, exclude)`
turns the rest into a numeric matrix: numbers as they are (missing stays NaN), text one-hot.
Every refusal is a `DatasetError` carrying a Thai and an English message.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

DELIMITERS = ",;\t|"
#: Share of numeric values from which a column counts as "meant to be numeric".
MOSTLY_NUMERIC = 0.5
#: A text column with more distinct values than this is an identifier or a name, not a feature.
MAX_CATEGORIES = 50
_MISSING = {"", "na", "n/a", "nan", "null", "none", "-"}


class DatasetError(Exception):
    """Input the harness refuses, with a message in Thai and in English."""

    def __init__(self, thai: str, english: str) -> None:
        super().__init__(english)
        self.thai = thai
        self.english = english


def _sniff(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        # One column, or too little text to tell: the commonest candidate on the header line.
        header = sample.splitlines()[0] if sample else ""
        counts = {d: header.count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def read_table(path: str | Path) -> pd.DataFrame:
    """The table in `path`, typed as described in the module docstring."""
    file = Path(path)
    if not file.is_file():
        raise DatasetError(f"ไม่พบไฟล์ข้อมูล {file}", f"no such data file: {file}")
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DatasetError(
            f"ไฟล์ {file} ไม่ใช่ข้อความ UTF-8 (ไบต์ที่ {exc.start})",
            f"{file} is not UTF-8 text (byte {exc.start})",
        ) from exc
    if not text.strip():
        raise DatasetError(f"ไฟล์ {file} ว่างเปล่า", f"{file} is empty")
    delimiter = _sniff(text[:65536])
    try:
        raw = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
            skipinitialspace=True,
        )
    except (pd.errors.ParserError, csv.Error, ValueError) as exc:
        raise DatasetError(
            f"อ่านไฟล์ {file} เป็นตาราง CSV ไม่ได้: {exc}", f"cannot read {file} as CSV: {exc}"
        ) from exc
    if raw.empty:
        raise DatasetError(f"ไฟล์ {file} มีแต่หัวตาราง ไม่มีแถวข้อมูล", f"{file} has a header but no rows")
    if any(str(c).startswith("Unnamed:") for c in raw.columns):
        raise DatasetError(
            f"ไฟล์ {file} มีคอลัมน์ที่ไม่มีชื่อในหัวตาราง", f"{file} has a column without a name"
        )
    return pd.DataFrame({name: _typed(str(name), raw[name]) for name in raw.columns})


def _typed(name: str, values: pd.Series) -> pd.Series:
    text = values.str.strip()
    missing = text.str.lower().isin(_MISSING)
    numbers = pd.to_numeric(text.where(~missing), errors="coerce")
    present = int((~missing).sum())
    bad = ~missing & numbers.isna()
    if not bad.any():
        return numbers.astype(float) if present else numbers
    if present and (present - int(bad.sum())) / present >= MOSTLY_NUMERIC:
        first = [(int(i) + 2, text[i]) for i in text.index[bad][:5]]  # line 1 is the header
        shown = ", ".join(f"{line}: {value!r}" for line, value in first)
        more = int(bad.sum()) - len(first)
        tail_th = f" และอีก {more} แถว" if more > 0 else ""
        tail_en = f" and {more} more" if more > 0 else ""
        raise DatasetError(
            f"คอลัมน์ {name!r} เป็นตัวเลขเกือบทั้งหมดแต่มีค่าที่ไม่ใช่ตัวเลข (บรรทัด {shown}{tail_th})",
            f"column {name!r} is mostly numbers but has values that are not "
            f"(line {shown}{tail_en})",
        )
    return text.where(~missing)


def require_columns(
    frame: pd.DataFrame, names: Iterable[str], purpose_th: str, purpose: str
) -> None:
    """Refuse the table unless it has every column in `names`."""
    missing = [n for n in dict.fromkeys(names) if n not in frame.columns]
    if missing:
        listed = ", ".join(missing)
        have = ", ".join(map(str, frame.columns[:40])) + (" …" if frame.shape[1] > 40 else "")
        raise DatasetError(
            f"ไม่มีคอลัมน์ {listed} ({purpose_th}) ในข้อมูล; คอลัมน์ที่มี: {have}",
            f"no column {listed} ({purpose}) in the data; its columns are: {have}",
        )


def _safe(name: str) -> str:
    # LightGBM refuses JSON's special characters in feature names.
    return re.sub(r"_+", "_", re.sub(r"\W+", "_", name)).strip("_") or "column"


def features(frame: pd.DataFrame, exclude: Iterable[str] = ()) -> tuple[pd.DataFrame, list[str]]:
    """The numeric feature matrix of `frame` without `exclude`, and the text columns left out
    because they have more than MAX_CATEGORIES distinct values (identifiers, names)."""
    skip = set(exclude)
    columns: dict[str, pd.Series] = {}
    left_out: list[str] = []
    for name in frame.columns:
        if name in skip:
            continue
        values = frame[name]
        if pd.api.types.is_numeric_dtype(values):
            columns[_safe(str(name))] = values.astype(float)
            continue
        levels = sorted(values.dropna().unique(), key=str)
        if len(levels) > MAX_CATEGORIES:
            left_out.append(str(name))
            continue
        for level in levels:
            columns[_safe(f"{name}_{level}")] = (values == level).astype(float)
    unique: dict[str, pd.Series] = {}
    for key, series in columns.items():
        final, n = key, 1
        while final in unique:
            n += 1
            final = f"{key}_{n}"
        unique[final] = series
    matrix = pd.DataFrame(unique, index=frame.index)
    return matrix.astype(np.float64), left_out
