"""The building blocks of the director's, the officer's and the classroom dashboards
(docs/definitions.md §23): the filters of a page, the indicator frames it reads
(``qinfo.dashboards.values.indicator_frame``, narrowed to the user's reach and cached), and the
charts and headline figures made from them. No child is named here: only counts and rates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

import pandas as pd
from django.http import HttpRequest
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from qinfo.core.dates import format_be_date
from qinfo.indicators.all import INDICATORS
from qinfo.indicators.frame import POVERTY_CATEGORIES, Cut
from qinfo.indicators.registry import Indicator
from qinfo.organisations.models import LearningArea, Sex, grade_label
from qinfo.web.dashcharts import Chart, Series, shown

TABS = (
    ("equity", gettext_lazy("Equity")),
    ("quality", gettext_lazy("Quality")),
    ("efficiency", gettext_lazy("Efficiency")),
)
POVERTY = {
    "extremely_poor": gettext_lazy("Extremely poor"),
    "not_extremely_poor": gettext_lazy("Not extremely poor"),
    "not_screened": gettext_lazy("Not screened"),
}
#: Series with their own charts (qinfo/indicators/defs_dashboard.py), never cut by a dimension.
WEEKLY = "attendance_weekly"
DISTRIBUTION = "grade_distribution_area"
SERIES = frozenset({WEEKLY, DISTRIBUTION})
#: How many academic years the trend charts go back (the chosen year included).
TREND_YEARS = 5
UNIT_TITLES = {
    "rate": gettext_lazy("rates"),
    "count": gettext_lazy("counts"),
    "score": gettext_lazy("scores"),
    "ratio": gettext_lazy("ratios"),
}


def indicator_frame(cut: Cut, codes: Iterable[str] | None, user: Any) -> pd.DataFrame:
    """The indicators of a cut as the user may see them, in display order (imported late: the
    dashboards app builds its Ibis source on first use)."""
    from qinfo.dashboards.values import indicator_frame as frame

    wanted = [c for c in (INDICATORS if codes is None else codes) if INDICATORS[c].applies_to(cut)]
    return frame(cut, wanted, user=user)


def thai() -> bool:
    return (get_language() or "th").startswith("th")


def label(indicator: Indicator) -> str:
    return indicator.label_th if thai() else indicator.label_en


def grade_name(grade: int) -> str:
    try:
        return grade_label(int(grade))
    except ValueError:
        return str(grade)


@dataclass(frozen=True)
class Filters:
    """What the page's GET form chose: the year, the term, a grade, a sex, a poverty group."""

    year: int
    term: int | None = None
    grade: int | None = None
    sex: str | None = None
    poverty: str | None = None
    tab: str = "equity"
    years: tuple[int, ...] = ()
    grades: tuple[int, ...] = ()

    def where(
        self, more: Mapping[str, tuple[Any, ...]] | None = None
    ) -> dict[str, tuple[Any, ...]]:
        where: dict[str, tuple[Any, ...]] = dict(more or {})
        if self.grade is not None:
            where["grade"] = (self.grade,)
        if self.sex:
            where["sex"] = (self.sex,)
        if self.poverty:
            where["poverty"] = (self.poverty,)
        return where

    def cut(
        self,
        by: tuple[str, ...] = (),
        year: int | None = None,
        where: Mapping[str, tuple[Any, ...]] | None = None,
    ) -> Cut:
        """The cut of these filters, grouped by ``by``, narrowed by ``where`` (e.g. a school)."""
        return Cut(year or self.year, self.term, by, self.where(where))

    def query(self, **changes: Any) -> str:
        """The query string of these filters with some changed (None drops one)."""
        values = {
            "year": self.year,
            "term": self.term,
            "grade": self.grade,
            "sex": self.sex,
            "poverty": self.poverty,
            "tab": self.tab,
        }
        values.update(changes)
        return urlencode({k: v for k, v in values.items() if v not in (None, "")})

    @property
    def trend_years(self) -> list[int]:
        return sorted(y for y in self.years if y <= self.year)[-TREND_YEARS:]

    def choices(self) -> dict[str, list[tuple[str, str]]]:
        """The options of the filter form, as (value, label)."""
        return {
            "year": [(str(y), str(y)) for y in self.years],
            "term": [("1", _("Term 1")), ("2", _("Term 2"))],
            "grade": [(str(g), grade_name(g)) for g in self.grades],
            "sex": [(str(v), str(lab)) for v, lab in Sex.choices],
            "poverty": [(k, str(v)) for k, v in POVERTY.items()],
        }

    def chosen(self) -> dict[str, str]:
        return {
            "year": str(self.year),
            "term": str(self.term or ""),
            "grade": str(self.grade or ""),
            "sex": self.sex or "",
            "poverty": self.poverty or "",
        }


def read_filters(
    request: HttpRequest, year: int, years: Sequence[int], grades: Sequence[int] = ()
) -> Filters:
    """The filters of the query string; anything unknown is ignored (the page shows all)."""
    get = request.GET
    term = get.get("term", "")
    grade = get.get("grade", "")
    sex = get.get("sex", "")
    poverty = get.get("poverty", "")
    tab = get.get("tab", "")
    return Filters(
        year=year,
        term=int(term) if term in ("1", "2") else None,
        grade=int(grade) if grade.isdigit() and int(grade) in grades else None,
        sex=sex if sex in Sex.values else None,
        poverty=poverty if poverty in POVERTY_CATEGORIES else None,
        tab=tab if tab in dict(TABS) else "equity",
        years=tuple(years),
        grades=tuple(grades),
    )


def tab_codes(tab: str, cut: Cut) -> list[str]:
    """The indicators of a domain defined for the cut's period, in display order."""
    return [i.code for i in INDICATORS.values() if i.domain == tab and i.applies_to(cut)]


def plain_codes(frame: pd.DataFrame, codes: Iterable[str]) -> list[str]:
    """The indicators that have no category (one value per group), from a frame of them."""
    categorised = set(frame.loc[frame["category"] != "", "indicator"])
    return [c for c in codes if c not in categorised and c not in SERIES]


@dataclass
class Kpi:
    code: str
    label: str
    value: str
    unit: str
    before: str = ""
    better: bool | None = None


def kpis(frame: pd.DataFrame, codes: Sequence[str], previous: pd.DataFrame | None) -> list[Kpi]:
    """One headline figure per indicator, with last year's beside it when there is one."""
    now = _values(frame)
    then = _values(previous) if previous is not None else {}
    found = []
    for code in codes:
        indicator = INDICATORS[code]
        value = now.get(code)
        kpi = Kpi(code, label(indicator), shown(value, indicator.unit), indicator.unit)
        earlier = then.get(code)
        if value is not None and earlier is not None:
            kpi.before = shown(earlier, indicator.unit)
            if indicator.higher_is_better is not None and value != earlier:
                kpi.better = (value > earlier) == indicator.higher_is_better
        found.append(kpi)
    return found


def _values(frame: pd.DataFrame) -> dict[str, float | None]:
    rows = frame[frame["category"] == ""]
    return {
        code: (None if pd.isna(value) else float(value))
        for code, value in zip(rows["indicator"], rows["value"], strict=True)
    }


def by_unit(codes: Sequence[str]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for code in codes:
        groups.setdefault(INDICATORS[code].unit, []).append(code)
    return groups


def trend_charts(
    frames: dict[int, pd.DataFrame], codes: Sequence[str], prefix: str, caption: str
) -> list[Chart]:
    """The indicators over the years, one line chart per unit."""
    years = sorted(frames)
    values = {y: _values(f) for y, f in frames.items()}
    return [
        Chart(
            id=f"{prefix}-trend-{unit}",
            title=_("Over the years: %(what)s") % {"what": UNIT_TITLES[unit]},
            kind="line",
            categories=[str(y) for y in years],
            series=[Series(label(INDICATORS[c]), [values[y].get(c) for y in years]) for c in group],
            unit=unit,
            caption=caption,
            category_label=_("Academic year"),
        )
        for unit, group in by_unit(codes).items()
        if len(years) > 0
    ]


@dataclass
class Groups:
    """The groups of a dimension as the charts show them: keys, names and drill-down links."""

    keys: list[Any]
    names: list[str]
    links: list[str] = field(default_factory=list)


def dimension_charts(
    frame: pd.DataFrame,
    dimension: str,
    groups: Groups,
    codes: Sequence[str],
    prefix: str,
    title: str,
    caption: str = "",
) -> list[Chart]:
    """Each indicator per group of a dimension (grades, schools, classrooms): one chart per unit;
    schools and classrooms as horizontal bars (long names read best so on a phone)."""
    rows = frame[frame["category"] == ""]
    table = dict(
        zip(zip(rows["indicator"], rows[dimension], strict=True), rows["value"], strict=True)
    )
    kind = "bar" if dimension == "grade" else "hbar"
    charts = []
    for unit, group in by_unit(codes).items():
        charts.append(
            Chart(
                id=f"{prefix}-{dimension}-{unit}",
                title=f"{title}: {UNIT_TITLES[unit]}",
                kind=kind,
                categories=groups.names,
                series=[
                    Series(label(INDICATORS[c]), [table.get((c, k)) for k in groups.keys])
                    for c in group
                ],
                unit=unit,
                caption=caption,
                category_label=title,
                links=groups.links,
            )
        )
    return charts


def weekly_chart(frame: pd.DataFrame, prefix: str) -> Chart | None:
    """Attendance week by week (``attendance_weekly``; the category is the week's first day)."""
    rows = frame[frame["indicator"] == WEEKLY].sort_values("category")
    if rows.empty:
        return None
    days = [dt.date.fromisoformat(str(c)[:10]) for c in rows["category"]]
    return Chart(
        id=f"{prefix}-weekly",
        title=_("Attendance by week"),
        kind="line",
        categories=[format_be_date(d) for d in days],
        series=[Series(label(INDICATORS[WEEKLY]), list(rows["value"]))],
        unit="rate",
        caption=_(
            "Daily marks present, late or on a trip over all daily marks of the week; "
            "each week is named by its first school day."
        ),
        category_label=_("Week"),
    )


def distribution_chart(frame: pd.DataFrame, prefix: str) -> Chart | None:
    """The share of each grade (0 … 4, มส, ร) of the results of each learning area, stacked."""
    from qinfo.indicators.defs_dashboard import GRADE_LEVELS, SEPARATOR

    rows = frame[frame["indicator"] == DISTRIBUTION]
    if rows.empty:
        return None
    share: dict[tuple[str, str], float] = {}
    for category, value in zip(rows["category"], rows["value"], strict=True):
        area, level = str(category).split(SEPARATOR, 1)
        share[(area, level)] = value
    order = [a.value for a in LearningArea]
    areas = sorted({a for a, _ in share}, key=lambda a: (order.index(a) if a in order else 99, a))
    names = dict(LearningArea.choices)
    levels = [lv for lv in GRADE_LEVELS if any((a, lv) in share for a in areas)]
    return Chart(
        id=f"{prefix}-grades",
        title=_("Grade distribution by learning area"),
        kind="stacked",
        categories=[str(names.get(a, a)) for a in areas],
        series=[
            Series(
                _("Grade %(level)s") % {"level": lv} if lv[0].isdigit() else lv,
                [share.get((a, lv), 0.0) for a in areas],
            )
            for lv in levels
        ],
        unit="rate",
        caption=_(
            "Share of the course results of the period at each grade, มส (not eligible for the "
            "final) and ร (incomplete), per learning area; pass/fail activities are left out."
        ),
        category_label=_("Learning area"),
    )


def category_charts(frame: pd.DataFrame, codes: Sequence[str], prefix: str) -> list[Chart]:
    """Indicators with categories (e.g. a test's subjects, SDQ bands): one bar chart each, with
    the reference (e.g. the national mean) as a second series when there is one."""
    charts = []
    categorised = dict(tuple(frame[frame["category"] != ""].groupby("indicator", sort=False)))
    for code in codes:
        rows = categorised.get(code)
        if code in SERIES or rows is None:
            continue
        indicator = INDICATORS[code]
        series = [Series(_("Value"), list(rows["value"]))]
        if rows["reference"].notna().any():
            series.append(Series(_("Reference"), list(rows["reference"])))
        charts.append(
            Chart(
                id=f"{prefix}-{code.replace('_', '-')}",
                title=label(indicator),
                kind="hbar",
                categories=[str(c) for c in rows["category"]],
                series=series,
                unit=indicator.unit,
                category_label=_("Category"),
            )
        )
    return charts


def with_links(groups: Groups, link: Callable[[Any], str]) -> Groups:
    return replace(groups, links=[link(k) for k in groups.keys])
