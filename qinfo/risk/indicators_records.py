"""The indicators that are not attendance, as of a date, from the database
(docs/definitions.md §15): grades, reading, SDQ, poverty, nutrition, home visits, school moves.

Each reader is one or two queries over a bounded date range, answered as a frame indexed by
student_id holding only the students it found; ``indicators_as_of`` aligns them. Every record
counts from its own date: a course result or a literacy screening from the end date of its term
(results are known when the term is over), a screening, measurement or home visit from the date
it was made, an enrolment from its start date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)

from qinfo.assessment.models import CourseResult, SpecialMark
from qinfo.care.models import Finding, HomeVisit, PovertyScreening, VisitFinding
from qinfo.enrolment.models import Enrolment, EnrolmentStatus
from qinfo.exams.models import LITERACY_GRADES, LiteracyScreening
from qinfo.organisations.models import Course, LearningArea, Term
from qinfo.risk.indicators_query import frame_of, only
from qinfo.wellbeing.models import (
    HealthMeasurement,
    NutritionLabel,
    SdqBandCode,
    SdqForm,
    SdqScreening,
)

#: "Latest" screenings and measurements are looked for this far back: a year and a month, so
#: that a yearly screening is still found a little late, and nothing staler is used.
LOOK_BACK = dt.timedelta(days=400)
#: Home-visit findings and school moves count over the 12 months up to the date.
YEAR_BACK = dt.timedelta(days=365)
SDQ_LEVEL = {SdqBandCode.NORMAL: 0.0, SdqBandCode.AT_RISK: 1.0, SdqBandCode.PROBLEM: 2.0}
#: Nutrition labels that put a child off track: thin, becoming obese, obese, short.
OFF_TRACK = frozenset(
    {NutritionLabel.THIN, NutritionLabel.OVERWEIGHT, NutritionLabel.OBESE, NutritionLabel.SHORT}
)
#: Home-visit findings that count as household risks: the Family and Risk groups.
HOUSEHOLD_RISKS = (
    Finding.NOT_WITH_PARENTS,
    Finding.FAMILY_CONFLICT,
    Finding.LITTLE_CARE,
    Finding.HEALTH,
    Finding.SUBSTANCES,
    Finding.SEXUAL,
    Finding.ABUSE,
    Finding.JOURNEY,
)


def _latest(rows: QuerySet[Any], order: Sequence[str], fields: Sequence[str]) -> pd.DataFrame:
    """Each student's last row in ``order`` (sorted by the database), indexed by student_id."""
    frame = frame_of(rows, ["student_id", *fields], ["student_id", *order])
    return frame.drop_duplicates("student_id", keep="last").set_index("student_id")


def grade_frame(as_of: dt.date, wanted: Sequence[int] | None) -> pd.DataFrame:
    """Grades of 0, มส and ร, failing Thai or mathematics (a grade 0 in a course of that learning
    area) in the latest term whose results are known (its end date ≤ as_of), and the drop of the
    GPA (hours-weighted mean grade of the graded courses, docs/definitions.md §13) from the
    student's previous term with results to that one."""
    terms = dict(
        Term.objects.filter(end_date__lte=as_of, end_date__gt=as_of - YEAR_BACK).values_list(
            "id", "end_date"
        )
    )
    if not terms:
        return pd.DataFrame()
    graded = Q(grade__isnull=False)
    courses = Course.objects.filter(term_id__in=list(terms))
    thai = courses.filter(subject__learning_area=LearningArea.THAI).values("id")
    math = courses.filter(subject__learning_area=LearningArea.MATH).values("id")
    rows = (
        only(CourseResult.objects, wanted)
        .filter(term_id__in=list(terms))
        .values("student_id", "term_id")
        .annotate(
            zero=Count("id", filter=Q(grade=0)),
            ms=Count("id", filter=Q(special_mark=SpecialMark.NOT_ELIGIBLE)),
            r=Count("id", filter=Q(special_mark=SpecialMark.INCOMPLETE)),
            thai=Count("id", filter=Q(grade=0, course_id__in=thai)),
            math=Count("id", filter=Q(grade=0, course_id__in=math)),
            points=Sum(
                ExpressionWrapper(F("grade") * F("course__hours"), output_field=FloatField()),
                filter=graded,
            ),
            hours=Sum("course__hours", filter=graded),
        )
    )
    fields = ("student_id", "term_id", "zero", "ms", "r", "thai", "math", "points", "hours")
    results = frame_of(rows, fields)
    if results.empty:
        return pd.DataFrame()
    results["end"] = results["term_id"].map(terms)
    points = results["points"].astype(float)
    hours = results["hours"].astype(float)
    results["gpa"] = (points / hours.where(hours > 0)).round(2)
    results = results.sort_values(["student_id", "end", "term_id"])
    latest = results.drop_duplicates("student_id", keep="last").set_index("student_id")
    before = results.drop(results.groupby("student_id").tail(1).index)
    previous = before.drop_duplicates("student_id", keep="last").set_index("student_id")
    return pd.DataFrame(
        {
            "zero_grades": latest["zero"].astype(float),
            "ms_count": latest["ms"].astype(float),
            "r_count": latest["r"].astype(float),
            "gpa_drop": previous["gpa"].reindex(latest.index) - latest["gpa"],
            "failing_thai": (latest["thai"] > 0).astype(float),
            "failing_math": (latest["math"] > 0).astype(float),
        }
    )


def reading_frame(
    as_of: dt.date, enrolled: pd.DataFrame, wanted: Sequence[int] | None
) -> pd.DataFrame:
    """Reading level of children now in ป.1–ป.3: the lower of reading aloud and reading
    comprehension (1–4) in the latest literacy screening of a term ended by as_of."""
    young = enrolled.index[enrolled["grade"].isin([int(g) for g in LITERACY_GRADES])]
    if young.empty:
        return pd.DataFrame()
    rows = only(LiteracyScreening.objects, wanted).filter(
        term__end_date__lte=as_of, term__end_date__gt=as_of - LOOK_BACK
    )
    fields = ("reading_aloud", "reading_comprehension")
    latest = _latest(rows, ["term__end_date", "id"], fields)
    level = latest[["reading_aloud", "reading_comprehension"]].min(axis=1).astype(float)
    return pd.DataFrame({"reading_level": level.reindex(young.intersection(level.index))})


def wellbeing_frame(as_of: dt.date, wanted: Sequence[int] | None) -> pd.DataFrame:
    """SDQ band of the latest teacher form, extremely poor from the latest poverty screening,
    and malnourished from the latest health measurement, each dated on or before as_of (and in
    the two years before it)."""
    since = as_of - LOOK_BACK
    sdq = _latest(
        only(SdqScreening.objects, wanted).filter(
            form=SdqForm.TEACHER, date__lte=as_of, date__gt=since
        ),
        ["date", "id"],
        ["total_band"],
    )
    poor = _latest(
        only(PovertyScreening.objects, wanted).filter(date__lte=as_of, date__gt=since),
        ["date", "id"],
        ["extremely_poor"],
    )
    health = _latest(
        only(HealthMeasurement.objects, wanted).filter(date__lte=as_of, date__gt=since),
        ["date", "id"],
        ["wfh_label", "hfa_label"],
    )
    labelled = (health["wfh_label"] != "") | (health["hfa_label"] != "")
    off = health["wfh_label"].isin(OFF_TRACK) | health["hfa_label"].isin(OFF_TRACK)
    parts = [
        pd.DataFrame({"sdq_band": sdq["total_band"].map(SDQ_LEVEL).astype(float)}),
        pd.DataFrame({"extremely_poor": poor["extremely_poor"].astype(float)}),
        pd.DataFrame({"malnourished": off.astype(float).where(labelled, np.nan)}),
    ]
    return pd.concat(parts, axis=1)


def home_frame(
    as_of: dt.date, enrolled: pd.DataFrame, wanted: Sequence[int] | None
) -> pd.DataFrame:
    """Household risks: the number of distinct Family or Risk findings on the home visits of the
    12 months up to as_of (NaN without a visit in them); not visited: 1 when the child has no
    home visit of the current academic year dated on or before as_of, else 0."""
    visits = only(HomeVisit.objects, wanted).filter(date__lte=as_of, date__gt=as_of - YEAR_BACK)
    visited_recently = frame_of(visits.values("student_id").distinct(), ("student_id",))
    findings = frame_of(
        only(VisitFinding.objects, wanted, "visit__student_id")
        .filter(
            visit__date__lte=as_of,
            visit__date__gt=as_of - YEAR_BACK,
            code__in=[str(c) for c in HOUSEHOLD_RISKS],
        )
        .values("visit__student_id")
        .annotate(n=Count("code", distinct=True)),
        ("visit__student_id", "n"),
    ).set_index("visit__student_id")["n"]
    risks = pd.Series(0.0, index=pd.Index(visited_recently["student_id"], name="student_id"))
    risks.loc[risks.index.intersection(findings.index)] = findings.astype(float)
    this_year = frame_of(
        only(HomeVisit.objects, wanted)
        .filter(
            academic_year_id__in=[int(y) for y in enrolled["academic_year_id"].unique()],
            date__lte=as_of,
        )
        .values("student_id", "academic_year_id")
        .distinct(),
        ("student_id", "academic_year_id"),
    )
    pairs = set(zip(this_year["student_id"], this_year["academic_year_id"], strict=True))
    not_visited = pd.Series(
        [
            0.0 if (sid, year) in pairs else 1.0
            for sid, year in zip(enrolled.index, enrolled["academic_year_id"], strict=True)
        ],
        index=enrolled.index,
    )
    return pd.DataFrame({"household_risks": risks, "not_visited": not_visited})


def moves_frame(as_of: dt.date, wanted: Sequence[int] | None) -> pd.DataFrame:
    """School moves: enrolments that began in the 12 months up to as_of in a school other than
    that of the child's enrolment just before (by start date), unless that one ended in
    graduation (moving up a level is not a move). 0 for a child with no such enrolment."""
    rows = (
        only(Enrolment.objects, wanted)
        .filter(start_date__lte=as_of, start_date__gt=as_of - YEAR_BACK - LOOK_BACK)
        .annotate(
            recent=Case(
                When(start_date__gt=as_of - YEAR_BACK, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )
    frame = frame_of(
        rows, ["student_id", "school_id", "status", "recent"], ["student_id", "start_date", "id"]
    )
    if frame.empty:
        return pd.DataFrame()
    moved = (
        frame["student_id"].eq(frame["student_id"].shift())
        & frame["school_id"].ne(frame["school_id"].shift())
        & frame["status"].shift().ne(EnrolmentStatus.GRADUATED)
        & frame["recent"].astype(bool)
    )
    counts = moved.groupby(frame["student_id"]).sum().astype(float)
    return pd.DataFrame({"school_moves": counts})
