"""The director's and the municipality officer's dashboards (docs/definitions.md §23).

- /dashboards/school/<id>/: one school's Equity / Quality / Efficiency tabs (``?tab=``), headline
  figures against last year, trends over the years, each indicator by grade (a grade's link
  drills down to its classrooms, ``?grade=``), grade distributions by learning area, attendance by
  week, the school's watchlist and the completeness of data entry. For anyone who may see the
  school (404 for anyone else).
- /dashboards/city/: every school the user may see side by side (a table, bars, a map drawn on
  the schools' coordinates), the network's trends; each school drills down to its dashboard.
  For officers, analysts and administrators; a director or a teacher is sent to their school's.
- /dashboards/classroom/<id>/: one classroom's figures and the children the user may see, each
  linked to the child's page.

Filters are query parameters of a plain GET form (year, term, grade, sex, poverty): the pages
work without JavaScript. Every figure comes from ``indicator_frame`` (narrowed to the user's
reach, cached); every chart can be downloaded (``chart_download``). The number of SQL statements
of a page does not grow with the number of schools, classrooms or children
(tests/dashboards/test_pages.py).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qinfo.alerts.selectors import Watchlist, watchlist
from qinfo.completeness.frame import Tally
from qinfo.completeness.kinds import KINDS
from qinfo.completeness.selectors import month_table, user_frame
from qinfo.core.memo import ProcessMemo
from qinfo.core.thai_sort import thai_sorted_by
from qinfo.dashboards.values import cache_seconds
from qinfo.enrolment.policies import enrolment_policy
from qinfo.indicators.all import INDICATORS
from qinfo.organisations.models import School
from qinfo.organisations.policies import classroom_policy, school_policy
from qinfo.organisations.scope import scope_for
from qinfo.web.common import Viewer, chosen_year, get_or_404
from qinfo.web.dashcharts import Chart, Series, chart_download, shown
from qinfo.web.present import student_row
from qinfo.web.registry import shows
from qinfo.web.views import dashboards_data as data
from qinfo.web.views.dashboards_data import Filters, Groups

#: How many children of the watchlist the school's dashboard lists (the rest: /watchlist/).
WATCH_ROWS = 10
#: The dashboards' watchlists, per reach, in each process's memory only (they name children:
#: never written to the shared cache's files).
_WATCHED = ProcessMemo(maxsize=1024)


def dashboard_watchlist(
    user: Any, *, filters: dict[str, str] | None = None, limit: int | None = None
) -> Watchlist:
    """The watchlist as the dashboards show it, kept `cache_seconds()` per reach and filters
    (docs/definitions.md §20): the scores behind it change once a day, and a dashboard may be
    that many seconds behind; the watchlist page itself is always read afresh."""
    key = ("watchlist", scope_for(user), tuple(sorted((filters or {}).items())), limit)
    return _WATCHED.get_or_set(
        key, lambda: watchlist(user, filters=filters, limit=limit), cache_seconds()
    )


def _tabs(filters: Filters) -> list[dict[str, Any]]:
    return [
        {"key": key, "label": name, "query": filters.query(tab=key), "current": key == filters.tab}
        for key, name in data.TABS
    ]


def _trends(
    filters: Filters,
    codes: list[str],
    user: Any,
    current: Any,
    where: dict[str, tuple[Any, ...]] | None = None,
) -> dict[int, Any]:
    """The frames of the trend years (the chosen year's is the one already read)."""
    return {
        year: current
        if year == filters.year
        else data.indicator_frame(filters.cut(year=year, where=where), codes, user)
        for year in filters.trend_years
    }


def _completeness(user: Any, school: School, year: int) -> Chart | None:
    """Entered of expected per kind of entry over the year so far (qinfo.completeness), kept in
    the cache like the live indicator frames (`QINFO_DASHBOARD_CACHE_SECONDS`): the whole year's
    tally of a school is tens of milliseconds of queries that every visit would repeat. The
    school's own completeness page (/schools/<id>/completeness/) always counts afresh."""
    today = timezone.localdate()
    key = f"qinfo:dashboard:completeness:v1:{school.pk}:{year}:{today.isoformat()}"
    totals = cache.get(key)
    if totals is None:
        frame = user_frame(user, year, today, school_policy.rows(user).filter(pk=school.pk))
        table = month_table(frame)
        totals = [(t.entered, t.expected) for t in table.totals]
        cache.set(key, totals, cache_seconds())
    pairs = [
        (kind, Tally(expected, entered))
        for kind, (entered, expected) in zip(KINDS, totals, strict=True)
        if expected
    ]
    if not pairs:
        return None
    return Chart(
        id="school-completeness",
        title=_("Completeness of data entry"),
        kind="hbar",
        categories=[str(k.label) for k, _ in pairs],
        series=[Series(_("Entered of expected"), [t.entered / t.expected for _, t in pairs])],
        unit="rate",
        caption=_("Entries made of those due so far this year, by kind of entry."),
        category_label=_("Kind of entry"),
    )


def _finish(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """Leaves out charts with nothing to draw, then answers a download or renders the page."""
    for key in ("trend", "groups", "more"):
        if key in context:
            context[key] = [c for c in context[key] if not c.empty]
    charts: list[Chart] = [c for key in ("trend", "groups", "more") for c in context.get(key, [])]
    charts += [c for c in (context.get("map"), context.get("completeness")) if c is not None]
    found = chart_download(request, charts)
    return found if found is not None else render(request, template, context)


@shows("school")
@login_required
def school_dashboard(request: HttpRequest, school_id: int) -> HttpResponse:
    viewer = Viewer.of(request)
    user = viewer.user
    school = get_or_404(school_policy, user, school_id)
    year, years = chosen_year(request, [school.network_id])
    context: dict[str, Any] = {"viewer": viewer, "school": school, "title": school.name_th}
    if year is None:
        return render(request, "web/dashboards/school.html", context)
    grades = list(range(school.lowest_grade, school.highest_grade + 1))
    filters = data.read_filters(request, year, years, grades)
    here = {"school": (school.pk,)}
    cut = filters.cut(where=here)
    codes = data.tab_codes(filters.tab, cut)
    head = data.indicator_frame(cut, codes, user)
    plain = data.plain_codes(head, codes)
    trends = _trends(filters, plain, user, head, here)
    caption = _("%(school)s, filters as chosen above.") % {"school": school.name_th}
    if filters.grade is None:
        by_grade = data.indicator_frame(filters.cut(("grade",), where=here), plain, user)
        keys = sorted(int(g) for g in by_grade["grade"].dropna().unique())
        groups = Groups(keys, [data.grade_name(g) for g in keys])
        groups = data.with_links(groups, lambda g: f"?{filters.query(grade=g)}")
        grouped = data.dimension_charts(by_grade, "grade", groups, plain, "school", _("By grade"))
    else:
        by_room = data.indicator_frame(filters.cut(("classroom",), where=here), plain, user)
        ids = [int(c) for c in by_room["classroom"].dropna().unique()]
        rooms = classroom_policy.rows(user).filter(pk__in=ids).order_by("room", "pk")
        query = filters.query(grade=None, year=None, tab=filters.tab)
        groups = Groups(
            [r.pk for r in rooms],
            [r.name for r in rooms],
            [reverse("web:dashboard_classroom", args=[r.pk]) + f"?{query}" for r in rooms],
        )
        grouped = data.dimension_charts(
            by_room, "classroom", groups, plain, "school", _("By classroom")
        )
    more = [data.weekly_chart(head, "school"), data.distribution_chart(head, "school")]
    more += data.category_charts(head, codes, "school")
    watched = dashboard_watchlist(user, filters={"school": str(school.pk)}, limit=WATCH_ROWS)
    context.update(
        filters=filters,
        tabs=_tabs(filters),
        kpis=data.kpis(head, plain, trends.get(year - 1)),
        trend=data.trend_charts(trends, plain, "school", caption),
        groups=grouped,
        drill=list(zip(groups.names, groups.links, strict=True)),
        more=[c for c in more if c is not None],
        watch=watched.rows,
        watch_total=watched.total,
        watch_as_of=watched.as_of,
        completeness=_completeness(user, school, year),
        city=viewer.scope.is_admin or bool(viewer.scope.network_ids),
        grade_name=data.grade_name(filters.grade) if filters.grade else "",
        all_grades=filters.query(grade=None),
    )
    return _finish(request, "web/dashboards/school.html", context)


def _school_table(
    frame: Any, schools: list[School], codes: list[str], filters: Filters
) -> list[dict[str, Any]]:
    rows = frame[frame["category"] == ""]
    values = {(r.indicator, r.school): r.value for r in rows.itertuples()}
    query = filters.query()
    return [
        {
            "school": s,
            "link": reverse("web:dashboard_school", args=[s.pk]) + f"?{query}",
            "cells": [shown(values.get((c, s.pk)), INDICATORS[c].unit) for c in codes],
        }
        for s in schools
    ]


def _map(frame: Any, schools: list[School], code: str, links: list[str]) -> Chart | None:
    placed = [(s, link) for s, link in zip(schools, links, strict=True) if s.latitude is not None]
    if not placed or code not in INDICATORS:
        return None
    rows = frame[(frame["category"] == "") & (frame["indicator"] == code)]
    values = {r.school: r.value for r in rows.itertuples()}
    indicator = INDICATORS[code]
    return Chart(
        id="city-map",
        title=_("Map of the schools: %(what)s") % {"what": data.label(indicator)},
        kind="map",
        categories=[s.name_th for s, _ in placed],
        series=[
            Series(_("Longitude"), [float(s.longitude or 0) for s, _ in placed]),
            Series(_("Latitude"), [float(s.latitude or 0) for s, _ in placed]),
            Series(data.label(indicator), [values.get(s.pk) for s, _ in placed]),
        ],
        unit=indicator.unit,
        caption=_("Each school at its coordinates; the larger and darker, the higher the value."),
        category_label=_("School"),
        links=[link for _, link in placed],
    )


@shows("none")
@login_required
def city_dashboard(request: HttpRequest) -> HttpResponse:
    viewer = Viewer.of(request)
    user, scope = viewer.user, viewer.scope
    visible = school_policy.rows(user).order_by("code")
    if not (scope.is_admin or scope.network_ids):
        first = visible.values_list("pk", flat=True).first()
        if first is None:
            raise PermissionDenied
        return redirect(reverse("web:dashboard_school", args=[first]))
    schools = list(visible)
    context: dict[str, Any] = {"viewer": viewer, "title": _("The network's dashboard")}
    year, years = chosen_year(request, {s.network_id for s in schools})
    if year is None or not schools:
        return render(request, "web/dashboards/city.html", context)
    grades = list(
        range(min(s.lowest_grade for s in schools), max(s.highest_grade for s in schools) + 1)
    )
    filters = data.read_filters(request, year, years, grades)
    cut = filters.cut()
    codes = data.tab_codes(filters.tab, cut)
    head = data.indicator_frame(cut, codes, user)
    plain = data.plain_codes(head, codes)
    trends = _trends(filters, plain, user, head)
    per_school = data.indicator_frame(filters.cut(("school",)), plain, user)
    chosen = request.GET.get("indicator", "")
    if chosen not in plain:
        chosen = next((c for c in plain if INDICATORS[c].unit == "rate"), plain[0] if plain else "")
    table = _school_table(per_school, schools, plain, filters)
    links = [row["link"] for row in table]
    groups = Groups([s.pk for s in schools], [s.name_th for s in schools], links)
    shown_codes = [chosen] if chosen else []
    more = [data.weekly_chart(head, "city"), data.distribution_chart(head, "city")]
    more += data.category_charts(head, codes, "city")
    context.update(
        filters=filters,
        tabs=_tabs(filters),
        kpis=data.kpis(head, plain, trends.get(year - 1)),
        headers=[data.label(INDICATORS[c]) for c in plain],
        table=table,
        indicators=[(c, data.label(INDICATORS[c])) for c in plain],
        chosen=chosen,
        map=_map(per_school, schools, chosen, links),
        groups=data.dimension_charts(
            per_school, "school", groups, shown_codes, "city", _("By school")
        ),
        trend=data.trend_charts(trends, plain, "city", _("All the schools you may see.")),
        more=[c for c in more if c is not None],
    )
    return _finish(request, "web/dashboards/city.html", context)


@shows("classroom")
@login_required
def classroom_dashboard(request: HttpRequest, classroom_id: int) -> HttpResponse:
    viewer = Viewer.of(request)
    user = viewer.user
    classroom = get_or_404(classroom_policy, user, classroom_id)
    school = classroom.school
    year = classroom.academic_year.year_be
    filters = data.read_filters(request, year, [year])
    cut = filters.cut(where={"classroom": (classroom.pk,)})
    head = data.indicator_frame(cut, None, user)
    codes = [c for c in INDICATORS if INDICATORS[c].applies_to(cut)]
    plain = data.plain_codes(head, codes)
    domains = [
        {
            "key": key,
            "label": name,
            "kpis": data.kpis(head, [c for c in plain if INDICATORS[c].domain == key], None),
        }
        for key, name in data.TABS
    ]
    enrolments = list(
        enrolment_policy.rows(user)
        .filter(classroom=classroom)
        .select_related("student", "school", "classroom")
        .order_by("student_id", "pk")
    )
    if not viewer.deidentified:
        enrolments = thai_sorted_by(
            enrolments, lambda e: (e.student.first_name_th, e.student.last_name_th)
        )
    more = [data.weekly_chart(head, "classroom"), data.distribution_chart(head, "classroom")]
    more += data.category_charts(head, codes, "classroom")
    query = filters.query(year=None, tab=None)
    context: dict[str, Any] = {
        "viewer": viewer,
        "classroom": classroom,
        "school": school,
        "year": year,
        "filters": filters,
        "domains": domains,
        "more": [c for c in more if c is not None],
        "rows": [
            student_row(e.student, deidentified=viewer.deidentified, enrolment=e)
            for e in enrolments
        ],
        "school_link": reverse("web:dashboard_school", args=[school.pk])
        + f"?year={year}&grade={classroom.grade_level}&{query}",
        "title": classroom.name,
    }
    return _finish(request, "web/dashboards/classroom.html", context)
