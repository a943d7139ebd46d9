"""A synthetic national population in columnar form, for the ``risk-national`` benchmark.

One academic year of daily attendance for any number of students (a million by default), as
the int8 status matrix of ``qinfo.riskmodel.columnar`` (students × school days), generated in
chunks from a seed so that memory stays low and every run is the same; plus the indicators that
are not attendance, drawn from the same latent risk of each child so that they correlate as they
do in life (poverty and family trouble with absence, absence with grades of 0 and มส), and a
label "did not continue" for training a model.

The rates are plausible for Thai schools, not measured: about 95% attendance on average, most
children missing under 5% of days, one in ten missing 10% or more (chronic absence), one in a
hundred stopping coming during the year (a run of absences to the end), 1% of marks missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from qinfo.riskmodel.columnar import CODES, NO_MARK, Calendar, Matrix

#: One academic year: 200 school days, the second term starting on the 96th.
YEAR_DAYS = 200
TERM2_START = 95
CHUNK = 100_000
#: Attending marks: present, late, activity; missed: sick, personal leave, absent.
ATTENDING_SHARES = ((CODES["P"], 0.93), (CODES["L"], 0.05), (CODES["T"], 0.02))
MISSED_SHARES = ((CODES["S"], 0.40), (CODES["E"], 0.25), (CODES["A"], 0.35))
UNMARKED = 0.01
DROPPING = 0.01


@dataclass(frozen=True)
class Chunk:
    """One slice of the population: rows ``start`` … ``start + len(marks) - 1``."""

    start: int
    marks: Matrix
    #: Non-attendance indicators, context (grade, sex) and the label, one row per student.
    other: pd.DataFrame


def calendar(days: int = YEAR_DAYS) -> Calendar:
    """The indicators' calendar on the last school day of the generated year."""
    return Calendar(days=days, term_start=min(TERM2_START, days - 1))


def _sigmoid(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return 1.0 / (1.0 + np.exp(-x))


def _pick(
    rng: np.random.Generator, shape: tuple[int, int], shares: tuple[tuple[int, float], ...]
) -> Matrix:
    """Codes drawn with the given shares (float32 uniforms: half the memory of float64)."""
    u = rng.random(shape, dtype=np.float32)
    out = np.full(shape, shares[0][0], dtype=np.int8)
    edges = np.cumsum([share for _, share in shares])
    for (code, _share), low in zip(shares[1:], edges[:-1], strict=True):
        out[u >= low] = code
    return out


def _marks(
    rng: np.random.Generator, risk: npt.NDArray[np.float64], days: int
) -> tuple[Matrix, npt.NDArray[np.bool_]]:
    n = len(risk)
    # Each child's chance of missing a day: 2–3% for most, rising steeply with the latent risk.
    p_miss = np.clip(0.03 * np.exp(0.9 * risk) * rng.gamma(2.0, 0.5, n), 0.0, 0.9)
    # Some drift over the year (a child getting worse or better), ±50% from first to last day.
    drift = rng.normal(0.0, 0.25, n)
    ramp = np.linspace(-1.0, 1.0, days, dtype=np.float32)
    p_day = np.clip(p_miss[:, None].astype(np.float32) * (1.0 + drift[:, None] * ramp), 0, 0.95)
    u = rng.random((n, days), dtype=np.float32)
    miss = u < p_day
    del u, p_day
    marks = np.where(
        miss, _pick(rng, (n, days), MISSED_SHARES), _pick(rng, (n, days), ATTENDING_SHARES)
    ).astype(np.int8)
    del miss
    # Children who stop coming: from a day on, absent (or unmarked) to the end of the year.
    dropping = rng.random(n) < DROPPING * np.exp(0.8 * np.clip(risk, -2, 3)) / 2.0
    rows = np.flatnonzero(dropping)
    stops = rng.integers(days // 4, days, len(rows))
    for row, stop in zip(rows.tolist(), stops.tolist(), strict=True):
        marks[row, stop:] = CODES["A"]
    marks[rng.random((n, days), dtype=np.float32) < UNMARKED] = NO_MARK
    return marks, dropping


def _other(
    rng: np.random.Generator, risk: npt.NDArray[np.float64], dropping: npt.NDArray[np.bool_]
) -> pd.DataFrame:
    n = len(risk)

    def flag(base: float, weight: float) -> npt.NDArray[np.float64]:
        return (rng.random(n) < _sigmoid(base + weight * risk)).astype(np.float64)

    def count(mean: float, weight: float) -> npt.NDArray[np.float64]:
        return rng.poisson(mean * np.exp(weight * np.clip(risk, -3, 3))).astype(np.float64)

    def unknown(values: npt.NDArray[np.float64], share: float) -> npt.NDArray[np.float64]:
        return np.where(rng.random(n) < share, np.nan, values)

    grade = rng.integers(1, 16, n)
    zero = unknown(count(0.25, 1.0), 0.08)
    thai_fail = np.where(np.isnan(zero), np.nan, (zero > 0) & (rng.random(n) < 0.35))
    math_fail = np.where(np.isnan(zero), np.nan, (zero > 0) & (rng.random(n) < 0.45))
    reading = np.clip(np.round(3.0 - 0.7 * risk + rng.normal(0, 0.7, n)), 1, 4)
    sdq = np.digitize(risk + rng.normal(0, 1.0, n), [1.3, 2.0]).astype(np.float64)
    label = rng.random(n) < _sigmoid(-5.0 + 1.1 * risk + 3.0 * dropping)
    return pd.DataFrame(
        {
            "school_moves": count(0.03, 0.6),
            "over_age": np.minimum(count(0.05, 0.9), 4),
            "zero_grades": zero,
            "ms_count": unknown(count(0.08, 1.2), 0.08),
            "r_count": unknown(count(0.04, 0.5), 0.08),
            "gpa_drop": unknown(rng.normal(0.05 * risk, 0.35), 0.2).round(2),
            "failing_thai": thai_fail.astype(np.float64),
            "failing_math": math_fail.astype(np.float64),
            "reading_level": np.where((grade >= 4) & (grade <= 6), reading, np.nan),
            "sdq_band": unknown(sdq, 0.1),
            "extremely_poor": unknown(flag(-1.6, 0.9), 0.05),
            "malnourished": unknown(flag(-2.3, 0.4), 0.05),
            "household_risks": unknown(np.minimum(count(0.3, 0.8), 8), 0.25),
            "not_visited": flag(-1.8, 0.3),
            "grade": grade,
            "sex": np.where(rng.random(n) < 0.51, "M", "F"),
            "label": label.astype(np.int8),
        }
    )


def generate(
    students: int, *, seed: int = 2569, days: int = YEAR_DAYS, chunk: int = CHUNK
) -> Iterator[Chunk]:
    """The population in chunks of ``chunk`` students (the same for the same arguments)."""
    for number, start in enumerate(range(0, students, chunk)):
        rng = np.random.default_rng([seed, number])
        n = min(chunk, students - start)
        risk = rng.standard_normal(n)
        marks, dropping = _marks(rng, risk, days)
        yield Chunk(start, marks, _other(rng, risk, dropping))
