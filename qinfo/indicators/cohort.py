"""Cohort flow: the UNESCO reconstructed-cohort method (docs/definitions.md §22).

From enrolment by grade in two consecutive years t and t+1, repeaters by grade in t+1 and the
graduates of the last grade in t, the flow rates of each grade i:

    repetition r_i = R_i(t+1) / E_i(t)
    promotion  p_i = (E_{i+1}(t+1) − R_{i+1}(t+1)) / E_i(t),   last grade: graduates / E_n(t)
    dropout    d_i = 1 − p_i − r_i

and a reconstructed cohort entering grade 1 that follows them with constant rates, repeaters
flowing like the others, no return of dropouts and unlimited repetition. A pupil in grade i stays
a geometric number of years (mean 1 / (1 − r_i)) and leaves it promoted with probability
p_i / (1 − r_i), so the survival to grade k (the share of the cohort that ever reaches it) is

    S_1 = 1,   S_{k+1} = S_k · p_k / (1 − r_k)

the graduates per entrant are G = S_n · p_n / (1 − r_n), the pupil-years per entrant are
Y = Σ_i S_i / (1 − r_i), the years-input per graduate Y / G and the coefficient of efficiency
n · G / Y (n grades, the normal duration). Sources: UNESCO Institute for Statistics, Education
Indicators Technical Guidelines (2009): repetition, promotion and dropout rates by grade, survival
rate by grade, coefficient of efficiency, years-input per graduate; UNESCO/IBE, "A Statistical
Study of Wastage at School" (1972), the older manual of the reconstructed-cohort method.

Plain Python: no Django, no other qinfo module.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

#: The inputs an error can point at (the CLI turns them into a file and a line).
FIELDS = ("enrolment_t", "enrolment_t1", "repeaters_t1", "graduates")


class CohortError(ValueError):
    """Input the method cannot use: a message in Thai and in English, and where it lies (the
    grade and which input, when there is one)."""

    def __init__(
        self,
        message_th: str,
        message_en: str,
        *,
        grade: str | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(f"{message_th} / {message_en}")
        self.message_th = message_th
        self.message_en = message_en
        self.grade = grade
        self.field = field


@dataclass(frozen=True)
class CohortFlow:
    """The flow rates and the reconstructed cohort's figures, all fractions of one entrant
    (multiply by 1,000 for the classic cohort of 1,000). ``years_input_per_graduate`` is
    ``math.inf`` (and the coefficient 0) when the cohort produces no graduate."""

    grades: tuple[str, ...]
    promotion: tuple[float, ...]
    repetition: tuple[float, ...]
    dropout: tuple[float, ...]
    survival: tuple[float, ...]  # share of the cohort that ever reaches each grade
    survival_to_last_grade: float
    cumulative_dropout: float  # 1 − survival to the last grade (UIS)
    graduation: float  # share of the cohort that graduates from the last grade
    pupil_years: float  # pupil-years spent per entrant, graduates and dropouts
    years_input_per_graduate: float
    coefficient_of_efficiency: float

    def as_dict(self) -> dict[str, Any]:
        """The published shape (``qinfo indicators flow --json``); infinity becomes None."""
        years = self.years_input_per_graduate
        return {
            "grades": [
                {
                    "grade": grade,
                    "promotion": self.promotion[i],
                    "repetition": self.repetition[i],
                    "dropout": self.dropout[i],
                    "survival": self.survival[i],
                }
                for i, grade in enumerate(self.grades)
            ],
            "survival_to_last_grade": self.survival_to_last_grade,
            "cumulative_dropout": self.cumulative_dropout,
            "years_input_per_graduate": None if math.isinf(years) else years,
            "coefficient_of_efficiency": self.coefficient_of_efficiency,
        }


def _check_shape(
    grades: Sequence[str],
    enrolment_t: Sequence[int],
    enrolment_t1: Sequence[int],
    repeaters_t1: Sequence[int],
) -> None:
    if not grades:
        raise CohortError("ไม่มีชั้นเรียนในข้อมูล", "there are no grades in the data")
    if len(set(grades)) != len(grades):
        raise CohortError("ชื่อชั้นเรียนซ้ำกัน", "a grade appears twice")
    sizes = {len(grades), len(enrolment_t), len(enrolment_t1), len(repeaters_t1)}
    if len(sizes) != 1:
        raise CohortError(
            "จำนวนชั้นเรียนไม่ตรงกันระหว่างข้อมูลนักเรียนและผู้ซ้ำชั้น",
            "enrolment and repeaters do not have one count per grade",
        )


def _check_counts(
    grades: Sequence[str],
    inputs: dict[str, Sequence[int]],
    graduates: int,
) -> None:
    for field, counts in inputs.items():
        for grade, count in zip(grades, counts, strict=True):
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise CohortError(
                    f"ชั้น {grade}: จำนวนต้องเป็นจำนวนเต็มไม่ติดลบ ได้ {count!r}",
                    f"grade {grade}: a count must be a non-negative integer, got {count!r}",
                    grade=grade,
                    field=field,
                )
    if isinstance(graduates, bool) or not isinstance(graduates, int) or graduates < 0:
        raise CohortError(
            f"จำนวนผู้สำเร็จการศึกษาต้องเป็นจำนวนเต็มไม่ติดลบ ได้ {graduates!r}",
            f"graduates must be a non-negative integer, got {graduates!r}",
            field="graduates",
        )


def _rates(
    grades: Sequence[str],
    enrolment_t: Sequence[int],
    enrolment_t1: Sequence[int],
    repeaters_t1: Sequence[int],
    graduates: int,
) -> tuple[list[float], list[float], list[float], list[tuple[int, int, int]]]:
    """Promotion, repetition and dropout by grade, and the counts behind them (enrolment in t,
    promoted, repeaters); every impossibility refused with the grade."""
    n = len(grades)
    for i, grade in enumerate(grades):
        if repeaters_t1[i] > enrolment_t1[i]:
            raise CohortError(
                f"ชั้น {grade}: ผู้ซ้ำชั้นปีถัดไป ({repeaters_t1[i]}) มากกว่านักเรียนของชั้นนั้น"
                f"ในปีถัดไป ({enrolment_t1[i]})",
                f"grade {grade}: repeaters in t+1 ({repeaters_t1[i]}) exceed the grade's "
                f"enrolment in t+1 ({enrolment_t1[i]})",
                grade=grade,
                field="repeaters_t1",
            )
    promotion, repetition, dropout = [], [], []
    counts: list[tuple[int, int, int]] = []
    for i, grade in enumerate(grades):
        base = enrolment_t[i]
        if base == 0:
            raise CohortError(
                f"ชั้น {grade}: ไม่มีนักเรียนในปีแรก จึงคำนวณอัตราไม่ได้",
                f"grade {grade}: no enrolment in year t, so its rates are undefined",
                grade=grade,
                field="enrolment_t",
            )
        last = i == n - 1
        promoted = graduates if last else enrolment_t1[i + 1] - repeaters_t1[i + 1]
        if last and graduates > base:
            raise CohortError(
                f"ผู้สำเร็จการศึกษา ({graduates}) มากกว่านักเรียนชั้น {grade} ในปีแรก ({base})",
                f"graduates ({graduates}) exceed the enrolment of grade {grade} in year t ({base})",
                grade=grade,
                field="graduates",
            )
        if promoted + repeaters_t1[i] > base:
            moved = "ผู้สำเร็จการศึกษา" if last else f"ผู้เลื่อนขึ้นชั้น {grades[i + 1]}"
            moved_en = "graduates" if last else f"pupils promoted to {grades[i + 1]}"
            raise CohortError(
                f"ชั้น {grade}: {moved} ({promoted}) รวมกับผู้ซ้ำชั้น ({repeaters_t1[i]}) "
                f"มากกว่านักเรียนในปีแรก ({base}) อัตราออกกลางคันจะติดลบ",
                f"grade {grade}: {moved_en} ({promoted}) plus repeaters ({repeaters_t1[i]}) "
                f"exceed the enrolment in year t ({base}), so the dropout rate would be negative",
                grade=grade,
                field="enrolment_t",
            )
        if repeaters_t1[i] == base:
            raise CohortError(
                f"ชั้น {grade}: นักเรียนทุกคนซ้ำชั้น รุ่นจำลองจะไม่ออกจากชั้นนี้เลย",
                f"grade {grade}: every pupil repeats, so the cohort would never leave the grade",
                grade=grade,
                field="repeaters_t1",
            )
        promotion.append(promoted / base)
        repetition.append(repeaters_t1[i] / base)
        dropout.append((base - promoted - repeaters_t1[i]) / base)
        counts.append((base, promoted, repeaters_t1[i]))
    return promotion, repetition, dropout, counts


def reconstructed_cohort(
    grades: Sequence[str],
    enrolment_t: Sequence[int],
    enrolment_t1: Sequence[int],
    repeaters_t1: Sequence[int],
    graduates: int,
) -> CohortFlow:
    """The reconstructed cohort of the grades (in order, first grade first); see the module."""
    _check_shape(grades, enrolment_t, enrolment_t1, repeaters_t1)
    inputs = {
        "enrolment_t": enrolment_t,
        "enrolment_t1": enrolment_t1,
        "repeaters_t1": repeaters_t1,
    }
    _check_counts(grades, inputs, graduates)
    promotion, repetition, dropout, counts = _rates(
        grades, enrolment_t, enrolment_t1, repeaters_t1, graduates
    )
    survival: list[float] = []
    reaching = 1.0
    pupil_years = 0.0
    # p / (1 − r) and 1 / (1 − r) from the counts: promoted / (E − R) ≤ 1 exactly in floating
    # point, so survival never rises by rounding.
    for base, promoted, repeaters in counts:
        survival.append(reaching)
        pupil_years += reaching * base / (base - repeaters)
        reaching *= promoted / (base - repeaters)
    graduation = reaching  # after the last grade: those promoted out of it
    n = len(grades)
    return CohortFlow(
        grades=tuple(grades),
        promotion=tuple(promotion),
        repetition=tuple(repetition),
        dropout=tuple(dropout),
        survival=tuple(survival),
        survival_to_last_grade=survival[-1],
        cumulative_dropout=1.0 - survival[-1],
        graduation=graduation,
        pupil_years=pupil_years,
        years_input_per_graduate=pupil_years / graduation if graduation > 0 else math.inf,
        coefficient_of_efficiency=min(1.0, n * graduation / pupil_years),
    )
