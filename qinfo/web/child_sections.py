"""The parts of the child's page that other domains own: national tests and literacy (exams),
health, growth and SDQ (wellbeing), poverty screening and home visits (care), ratings (the grade
book) and days absent in a row (roll call).

Each part is read through its domain's policy-scoped selector, looked up when the page is built:
a domain that is not installed yet leaves its part ``None`` (the page says "not available") and
the rest of the page works. Each part costs a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
import importlib
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from qinfo.people.models import Student
from qinfo.web import charts
from qinfo.web.present import label


@dataclass
class Event:
    """One dated thing in the child's timeline."""

    date: dt.date
    kind: str  # a CSS class: admitted, moved, promoted, repeating, left, visit, screening, test
    title: str
    detail: str = ""


@dataclass
class HealthRow:
    date: dt.date
    age: float  # years
    weight: Decimal
    height: Decimal
    bmi: Decimal
    bmi_z: Decimal | None
    hfa_z: Decimal | None
    weight_label: str
    height_label: str


@dataclass
class SdqRow:
    date: dt.date
    form: str
    scores: list[int]  # emotional, conduct, hyperactivity, peer, prosocial
    total: int
    band: str
    band_label: str


@dataclass
class RatingTable:
    """Ratings (reading, thinking and writing; the 8 characteristics) by trait and term."""

    terms: list[str]
    rows: list[tuple[str, list[tuple[int, str] | None]]]


@dataclass
class ChildCare:
    """Parts from other domains; None: the domain is not available here."""

    tests: list[Any] | None = None  # qinfo.exams.selectors.StudentTestRow
    literacy: list[Any] | None = None  # qinfo.exams.selectors.StudentLiteracyRow
    literacy_skills: list[str] = field(default_factory=list)
    health: list[HealthRow] | None = None
    growth_chart: Any = None
    sdq: list[SdqRow] | None = None
    sdq_chart: Any = None
    poverty: list[Any] | None = None  # qinfo.care.selectors.ScreeningSummary, newest first
    visits: list[Any] | None = None  # qinfo.care.selectors.VisitSummary, newest first
    #: (item, answer) of the latest poverty screening, in the form's order.
    poverty_items: list[tuple[str, str]] = field(default_factory=list)
    ratings: RatingTable | None = None
    absent_in_a_row: int | None = None
    #: The latest early-warning score (qinfo.risk.selectors.ScoreSummary), None: not assessed.
    risk: Any = None
    events: list[Event] = field(default_factory=list)


def selector(module: str, name: str) -> Callable[..., Any] | None:
    """A domain's selector, or None while that domain has not been built."""
    try:
        found = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise
        return None
    return getattr(found, name, None)


def _exams(user: Any, student: Student, care: ChildCare) -> None:
    tests = selector("qinfo.exams.selectors", "tests_for_student")
    if tests is not None:
        care.tests = list(tests(user, student.pk))
    literacy = selector("qinfo.exams.selectors", "literacy_for_student")
    if literacy is not None:
        care.literacy = list(literacy(user, student.pk))
        care.literacy_skills = (
            [skill for skill, _l, _n in care.literacy[0].levels] if care.literacy else []
        )


def _health(user: Any, student: Student, care: ChildCare) -> None:
    health = selector("qinfo.wellbeing.selectors", "health_for_student")
    if health is None:
        return
    rows = list(health(user, student.pk))
    care.health = [
        HealthRow(
            date=r.date,
            age=r.age_days / 365.25,
            weight=r.weight_kg,
            height=r.height_cm,
            bmi=r.bmi,
            bmi_z=r.bmi_z,
            hfa_z=r.hfa_z,
            weight_label=r.get_wfh_label_display() if r.wfh_label else "",
            height_label=r.get_hfa_label_display() if r.hfa_label else "",
        )
        for r in rows
    ]
    care.growth_chart = growth_chart(care.health)
    care.events += [
        Event(
            h.date,
            "screening",
            _("Health check"),
            " · ".join(x for x in (h.weight_label, h.height_label) if x),
        )
        for h in care.health
    ]


def _sdq(user: Any, student: Student, care: ChildCare) -> None:
    sdq = selector("qinfo.wellbeing.selectors", "sdq_for_student")
    if sdq is None:
        return
    rows = list(sdq(user, student.pk))
    care.sdq = [
        SdqRow(
            date=r.date,
            form=r.get_form_display(),
            scores=[r.emotional, r.conduct, r.hyperactivity, r.peer, r.prosocial],
            total=r.total,
            band=r.total_band,
            band_label=r.get_total_band_display() if r.total_band else "",
        )
        for r in rows
    ]
    care.sdq_chart = sdq_chart(care.sdq)
    care.events += [
        Event(
            r.date, "screening", _("SDQ screening"), f"{r.form} · {r.total} {r.band_label}".strip()
        )
        for r in care.sdq
    ]


def _care(user: Any, student: Student, care: ChildCare) -> None:
    visits = selector("qinfo.care.selectors", "visits_for_student")
    if visits is not None:
        care.visits = list(visits(user, student.pk))
        care.events += [
            Event(
                v.date,
                "visit",
                _("Home visit"),
                str(_("follow-up needed")) if v.follow_up_needed else "",
            )
            for v in care.visits
        ]
    poverty = selector("qinfo.care.selectors", "poverty_for_student")
    if poverty is not None:
        found = poverty(user, student.pk)
        care.poverty = found.screenings if found is not None else []
        if care.poverty:
            from qinfo.care.models import HouseholdItem

            care.poverty_items = [
                (label(HouseholdItem, item), answer)
                for item, answer in care.poverty[0].answers.items()
            ]
        care.events += [
            Event(
                s.date,
                "screening",
                _("Poverty screening"),
                str(_("extremely poor")) if s.extremely_poor else "",
            )
            for s in care.poverty
        ]


def growth_chart(rows: list[HealthRow]) -> Any:
    """Height-for-age and BMI-for-age z-scores over the child's age (WHO references)."""
    hfa = [r for r in rows if r.hfa_z is not None]
    bmi = [r for r in rows if r.bmi_z is not None]
    if not hfa and not bmi:
        return None
    ages = [r.age for r in rows]
    low, high = math.floor(min(ages)), math.ceil(max(ages))
    if high - low < 1:
        high = low + 1

    def series(name: str, found: list[HealthRow], value: Callable[[HealthRow], Any]) -> Any:
        points = [
            charts.Point(r.age, float(value(r)), f"{value(r):+.1f}" if i == len(found) - 1 else "")
            for i, r in enumerate(found)
        ]
        return charts.Series(name, points)

    return charts.line_chart(
        title=_("Growth: z-scores over age"),
        series=[
            series(_("Height for age"), hfa, lambda r: r.hfa_z),
            series(_("BMI for age"), bmi, lambda r: r.bmi_z),
        ],
        x=charts.Axis(low, high, [(a, str(a)) for a in range(low, high + 1)], _("age (years)")),
        y=charts.Axis(-3.5, 3.5, [(v, f"{v:+d}" if v else "0") for v in range(-3, 4)]),
        bands=[charts.Band(-2, 2, _("normal range"))],
    )


def sdq_chart(rows: list[SdqRow]) -> Any:
    if not rows:
        return None
    points = [charts.Point(i, r.total, str(r.total)) for i, r in enumerate(rows)]
    names = [f"{r.date.month}/{(r.date.year + 543) % 100:02d}" for r in rows]
    return charts.line_chart(
        title=_("SDQ total difficulties"),
        series=[charts.Series(_("Total difficulties"), points)],
        x=charts.Axis(-0.5, len(rows) - 0.5, list(enumerate(names))),
        y=charts.Axis(0, 40, [(v, str(v)) for v in range(0, 41, 10)], _("Total difficulties")),
        bands=[charts.Band(0, 15, _("normal (teacher form)"))],
    )


#: Ratings are shown for this many of the latest terms rated (a table a phone can still read).
RATED_TERMS = 4


def _ratings(user: Any, student: Student, care: ChildCare) -> None:
    ratings = selector("qinfo.assessment.selectors", "rating_list")
    if ratings is None:
        return
    from qinfo.assessment.models import RatingLevel, Trait

    rows = ratings(user=user, student_id=student.pk).select_related("term__academic_year")
    levels: dict[tuple[str, str], tuple[int, str]] = {}
    terms: dict[int, tuple[dt.date, str]] = {}
    for r in rows:
        terms[r.term_id] = (r.term.start_date, str(r.term))
        levels[(str(r.term), r.trait)] = (r.level, str(RatingLevel(r.level).label))
    shown = [name for _start, name in sorted(terms.values())][-RATED_TERMS:]
    if not shown:
        care.ratings = None
        return
    care.ratings = RatingTable(
        terms=shown,
        rows=[
            (str(trait.label), [levels.get((term, trait.value)) for term in shown])
            for trait in Trait
        ],
    )


def _absent_in_a_row(student: Student, current: tuple[int, bool] | None, care: ChildCare) -> None:
    streaks = selector("qinfo.attendance.selectors", "absence_streaks")
    if streaks is None or current is None or not current[1]:
        return
    from django.utils import timezone

    from qinfo.organisations.models import Classroom

    classroom = Classroom.objects.get(pk=current[0])
    today = timezone.localdate()
    care.absent_in_a_row = streaks(classroom, today, [student.pk]).get(student.pk) or None


def gather(
    user: Any,
    student: Student,
    *,
    deidentified: bool,
    language: str,
    current: tuple[int, bool] | None = None,
) -> ChildCare:
    """The other domains' parts; photos and positions never reach an analyst (the selectors
    already leave them out, and the templates show none to a de-identified viewer).
    ``current``: (classroom id, still active) of the child's latest enrolment."""
    del deidentified, language
    care = ChildCare()
    _absent_in_a_row(student, current, care)
    _exams(user, student, care)
    _health(user, student, care)
    _sdq(user, student, care)
    _care(user, student, care)
    _ratings(user, student, care)
    _risk(user, student, care)
    return care


def _risk(user: Any, student: Student, care: ChildCare) -> None:
    latest = selector("qinfo.risk.selectors", "latest_summary")
    if latest is not None:
        care.risk = latest(user, student.pk)
