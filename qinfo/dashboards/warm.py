"""Warm the dashboards' cache after a snapshot, so that the first director or officer of the
morning does not wait for the indicators (docs/definitions.md §20).

As each network's officer, for the current year:
- the city's dashboard and every school's three tabs are opened (their figures are computed);
- then one page of each *shape* a filter makes: the city's and the first school's tabs with each
  single filter (term 1, term 2, a sex, a poverty group, a grade) and the first classroom of the
  first school (unfiltered and with each filter but the grade). A shape is what Ibis compiles
  (qinfo.indicators.templates: seconds of Python per shape); the same filter on another school,
  classroom or value is then a query of its own (about a quarter of a second), not a compilation.
  Two filters at once are another shape, compiled the first time someone asks for it.

The pages are requested through Django's test client in this process; their frames and the
compiled SQL land in the shared cache that the web server's workers read.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.test import Client

from qinfo.accounts.models import Membership, Role
from qinfo.indicators.frame import POVERTY_CATEGORIES
from qinfo.organisations.models import Classroom, School, Sex

TABS = ("equity", "quality", "efficiency")


def _host() -> str:
    for host in settings.ALLOWED_HOSTS:
        if host and host != "*" and not host.startswith("."):
            return host
    return "localhost"


def single_filters(grade: int | None) -> list[dict[str, str]]:
    """The filters a shape is compiled for: none, then each one on its own."""
    filters: list[dict[str, str]] = [{}, {"term": "1"}, {"term": "2"}]
    filters += [{"sex": Sex.values[0]}, {"poverty": POVERTY_CATEGORIES[0]}]
    if grade is not None:
        filters.append({"grade": str(grade)})
    return filters


def network_pages(network_id: int) -> list[str]:
    """The pages opened for one network (see the module's docstring)."""
    schools = list(School.objects.filter(network_id=network_id).order_by("code"))
    if not schools:
        return ["/dashboards/city/"]
    first = schools[0]
    grade = (first.lowest_grade + first.highest_grade) // 2
    paths = [f"/dashboards/school/{s.pk}/?tab={tab}" for s in schools for tab in TABS]
    paths.insert(0, "/dashboards/city/")
    for filters in single_filters(grade)[1:]:
        for tab in TABS:
            query = urlencode({"tab": tab, **filters})
            paths += [f"/dashboards/city/?{query}", f"/dashboards/school/{first.pk}/?{query}"]
    room = (
        Classroom.objects.filter(school=first)
        .order_by("-academic_year__year_be", "grade_level", "room")
        .values_list("pk", flat=True)
        .first()
    )
    if room is not None:
        paths += [
            f"/dashboards/classroom/{room}/" + (f"?{urlencode(f)}" if f else "")
            for f in single_filters(None)
        ]
    return paths


def warm_pages() -> int:
    """Request the dashboards of every network as one of its officers; the number of pages."""
    client = Client(HTTP_HOST=_host())
    done = 0
    officers = (
        Membership.objects.filter(role=Role.OFFICER, active=True, user__is_active=True)
        .order_by("network_id", "id")
        .select_related("user")
    )
    seen: set[int] = set()
    for membership in officers:
        if membership.network_id is None or membership.network_id in seen:
            continue
        seen.add(membership.network_id)
        client.force_login(membership.user)
        for path in network_pages(membership.network_id):
            client.get(path)
            done += 1
        client.logout()
    return done
