"""The indicators a child is judged by, as of a date (docs/definitions.md §15).

One list, used everywhere: the database side (qinfo.risk.indicators) computes these columns for any
date, the columnar side (qinfo.riskmodel.columnar) computes the attendance ones for national scale,
rules compare them with thresholds, and models take them as features. Labels come in Thai and
English here because this package imports no Django (and so no gettext).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Dimension = Literal["access", "quality", "wellbeing"]
Kind = Literal["rate", "count", "flag", "number", "level"]


@dataclass(frozen=True)
class Indicator:
    name: str
    dimension: Dimension
    kind: Kind
    label_th: str
    label_en: str

    def label(self, language: str) -> str:
        return self.label_th if language.startswith("th") else self.label_en


INDICATORS: tuple[Indicator, ...] = (
    # access: being in school
    Indicator(
        "attendance_rate_term",
        "access",
        "rate",
        "อัตราการมาเรียนภาคเรียนนี้",
        "Attendance rate this term",
    ),
    Indicator(
        "attendance_rate_20d",
        "access",
        "rate",
        "อัตราการมาเรียน 20 วันเรียนล่าสุด",
        "Attendance rate, last 20 school days",
    ),
    Indicator(
        "absent_streak", "access", "count", "ขาดเรียนติดต่อกัน (วัน)", "School days absent in a row"
    ),
    Indicator(
        "chronic_absence",
        "access",
        "flag",
        "ขาดเรียนเรื้อรัง (ขาด 10% ของวันขึ้นไป)",
        "Chronically absent (10% or more of days missed)",
    ),
    Indicator(
        "absence_trend",
        "access",
        "number",
        "แนวโน้มการขาดเรียน (จุดร้อยละ)",
        "Absence trend (percentage points)",
    ),
    Indicator(
        "school_moves",
        "access",
        "count",
        "ย้ายโรงเรียนใน 12 เดือน",
        "School moves in the last 12 months",
    ),
    Indicator("over_age", "access", "count", "อายุเกินชั้น (ปี)", "Years over age for the grade"),
    # quality: learning
    Indicator("zero_grades", "quality", "count", "จำนวนผลการเรียน 0", "Grades of 0"),
    Indicator("ms_count", "quality", "count", "จำนวน มส", "มส (not allowed to sit) count"),
    Indicator("r_count", "quality", "count", "จำนวน ร", "ร (incomplete) count"),
    Indicator(
        "gpa_drop",
        "quality",
        "number",
        "เกรดเฉลี่ยลดลงจากภาคก่อน",
        "Drop in grade average from the previous term",
    ),
    Indicator("failing_thai", "quality", "flag", "ไม่ผ่านภาษาไทย", "Failing Thai"),
    Indicator("failing_math", "quality", "flag", "ไม่ผ่านคณิตศาสตร์", "Failing mathematics"),
    Indicator(
        "reading_level",
        "quality",
        "level",
        "ระดับการอ่าน (1 ต้องปรับปรุง – 4 ดีมาก)",
        "Reading level (1 needs help – 4 very good)",
    ),
    # wellbeing: the child and the home
    Indicator(
        "sdq_band",
        "wellbeing",
        "level",
        "ผล SDQ (0 ปกติ, 1 เสี่ยง, 2 มีปัญหา)",
        "SDQ band (0 normal, 1 at risk, 2 problem)",
    ),
    Indicator("extremely_poor", "wellbeing", "flag", "ยากจนพิเศษ", "Extremely poor"),
    Indicator(
        "malnourished",
        "wellbeing",
        "flag",
        "ภาวะโภชนาการไม่สมส่วน (ผอม เตี้ย หรืออ้วน)",
        "Nutrition off track (thin, short or obese)",
    ),
    Indicator(
        "household_risks",
        "wellbeing",
        "count",
        "ความเสี่ยงในครอบครัวจากการเยี่ยมบ้าน",
        "Household risks found on home visits",
    ),
    Indicator(
        "not_visited",
        "wellbeing",
        "flag",
        "ยังไม่ได้เยี่ยมบ้านปีการศึกษานี้",
        "Not yet visited at home this school year",
    ),
)

BY_NAME: dict[str, Indicator] = {i.name: i for i in INDICATORS}
NAMES: tuple[str, ...] = tuple(i.name for i in INDICATORS)
