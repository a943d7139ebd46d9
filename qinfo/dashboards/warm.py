"""Warm the dashboards' cache after a snapshot: open, as each network's officer, the city's
dashboard and every school's three tabs for the current year, so that the first director or
officer of the morning does not wait for the indicators to be computed (docs/definitions.md §20).
The pages are requested through Django's test client in this process; their frames land in the
shared cache that the web server's workers read.
"""

from __future__ import annotations

from django.conf import settings
from django.test import Client

from qinfo.accounts.models import Membership, Role
from qinfo.organisations.models import School

TABS = ("equity", "quality", "efficiency")


def _host() -> str:
    for host in settings.ALLOWED_HOSTS:
        if host and host != "*" and not host.startswith("."):
            return host
    return "localhost"


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
        paths = ["/dashboards/city/"]
        for school_id in School.objects.filter(network_id=membership.network_id).values_list(
            "id", flat=True
        ):
            paths += [f"/dashboards/school/{school_id}/?tab={tab}" for tab in TABS]
        for path in paths:
            client.get(path)
            done += 1
        client.logout()
    return done
