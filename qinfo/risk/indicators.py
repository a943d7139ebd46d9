"""Early-warning indicators of every enrolled child as of a date (docs/definitions.md §15).

``indicators_as_of(as_of)`` answers one row per student enrolled on ``as_of`` with the columns of
``qinfo.riskmodel.features.NAMES`` (floats, NaN when unknown) and the context columns
``school_id``, ``classroom_id``, ``grade``, ``sex`` and ``age``. Every record is filtered by its
own date so that nothing known only after ``as_of`` leaks in. The work is a few aggregate
queries (GROUP BY in the database, ``values()`` into pandas), never one per student: the nightly
scoring of a city of 10,000 children reads this in a fraction of a second.

The attendance indicators live in ``indicators_attendance``, the others in
``indicators_records``; ``indicators_query`` reads query results into pandas.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

import numpy as np
import pandas as pd
from django.db.models import Q

from qinfo.enrolment.models import Enrolment
from qinfo.risk.indicators_attendance import attendance_frame
from qinfo.risk.indicators_query import SMALL_SELECTION, frame_of
from qinfo.risk.indicators_records import (
    grade_frame,
    home_frame,
    moves_frame,
    reading_frame,
    wellbeing_frame,
)
from qinfo.riskmodel.features import NAMES

CONTEXT = ("school_id", "classroom_id", "grade", "sex", "age")
#: Age (completed years) on 16 May that is normal for grade code g (อ.1 = 1 → 3, ป.1 = 4 → 6).
AGE_OFFSET = 2
#: Thai school years begin on 16 May (BE year − 543 is the calendar year it begins in).
YEAR_START = (5, 16)


def completed_years(born: pd.Series, on: pd.Series) -> pd.Series:
    """Age in completed years on a date (a birthday on the date counts)."""
    b = pd.to_datetime(born)
    d = pd.to_datetime(on)
    before_birthday = (d.dt.month < b.dt.month) | (
        (d.dt.month == b.dt.month) & (d.dt.day < b.dt.day)
    )
    return (d.dt.year - b.dt.year - before_birthday.astype(int)).astype(float)


def enrolled_on(as_of: dt.date, student_ids: Collection[int] | None = None) -> pd.DataFrame:
    """Students enrolled on ``as_of`` (docs/definitions.md §1), one row each, with their class.

    A child with two enrolments on the day (the day of a transfer) is counted in the one that
    began last. Records merged into another are left out."""
    rows = Enrolment.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=as_of),
        start_date__lte=as_of,
        student__merged_into__isnull=True,
    )
    if student_ids is not None:
        rows = rows.filter(student_id__in=list(student_ids))
    fields = (
        "student_id",
        "school_id",
        "classroom_id",
        "academic_year_id",
        "classroom__grade_level",
        "student__sex",
        "student__birth_date",
        "academic_year__year_be",
    )
    frame = frame_of(rows, fields, ["student_id", "start_date", "id"])
    frame = frame.drop_duplicates("student_id", keep="last")
    frame = frame.rename(
        columns={
            "classroom__grade_level": "grade",
            "student__sex": "sex",
            "student__birth_date": "birth_date",
            "academic_year__year_be": "year_be",
        }
    ).set_index("student_id")
    frame.index.name = "student_id"
    return frame


def over_age(enrolled: pd.DataFrame) -> pd.Series:
    """Years over the normal age for the grade: age in completed years on 16 May of the school
    year minus (grade code + 2), never below 0."""
    starts = pd.to_datetime(
        {
            "year": enrolled["year_be"].astype(int) - 543,
            "month": YEAR_START[0],
            "day": YEAR_START[1],
        }
    )
    age = completed_years(enrolled["birth_date"], starts)
    return (age - (enrolled["grade"].astype(float) + AGE_OFFSET)).clip(lower=0)


def indicators_as_of(as_of: dt.date, *, student_ids: Collection[int] | None = None) -> pd.DataFrame:
    """One row per student enrolled on ``as_of`` (index ``student_id``): the indicators of
    docs/definitions.md §15 as known on that date, then the context columns."""
    enrolled = enrolled_on(as_of, student_ids)
    frame = pd.DataFrame(index=enrolled.index, columns=list(NAMES), dtype=float)
    if enrolled.empty:
        return _finish(frame, enrolled, as_of)
    # Other tables are filtered by student only for a small selection; a whole network reads
    # everything in the date range (cheaper than a long IN list) and keeps the enrolled.
    wanted = list(enrolled.index) if len(enrolled) <= SMALL_SELECTION else None
    parts = (
        attendance_frame(as_of, enrolled),
        grade_frame(as_of, wanted),
        reading_frame(as_of, enrolled, wanted),
        wellbeing_frame(as_of, wanted),
        home_frame(as_of, enrolled, wanted),
        moves_frame(as_of, wanted),
    )
    for part in parts:
        if not part.empty:
            part = part.reindex(enrolled.index)
            frame[part.columns] = part.astype(float)
    frame["school_moves"] = frame["school_moves"].fillna(0.0)
    frame["over_age"] = over_age(enrolled)
    return _finish(frame, enrolled, as_of)


def _finish(frame: pd.DataFrame, enrolled: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The indicators as floats, then the context columns, in student order."""
    frame = frame.astype(float)
    frame["school_id"] = enrolled["school_id"].astype(np.int64)
    frame["classroom_id"] = enrolled["classroom_id"].astype(np.int64)
    frame["grade"] = enrolled["grade"].astype(np.int64)
    frame["sex"] = enrolled["sex"].astype(object)
    frame["age"] = completed_years(
        enrolled["birth_date"], pd.Series(pd.Timestamp(as_of), index=enrolled.index)
    )
    frame.index = frame.index.astype(np.int64)
    frame.index.name = "student_id"
    return frame[[*NAMES, *CONTEXT]].sort_index()
