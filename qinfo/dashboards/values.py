"""Indicator frames on the live database, narrowed to what a user may see, cached.

`indicator_frame(cut, codes, user=...)` narrows `cut.where` to the user's reach
(`qinfo.organisations.scope.scope_for`): an administrator sees the whole city; officers and
analysts their networks' schools; directors and registrars their schools; teachers only the
classrooms they teach (a teacher's colleagues' classes are not theirs to count). The frame is kept
in Django's cache for `QINFO_DASHBOARD_CACHE_SECONDS` (default 300) under a key made of the
narrowed cut (so the scope is part of the key) and the indicator codes: a dashboard may be that
many seconds behind the database (docs/definitions.md §20).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Any

import pandas as pd
from django.conf import settings
from django.core.cache import cache
from django.db.models import Q

from qinfo.dashboards import snapshot
from qinfo.dashboards.source import django_source
from qinfo.enrolment.models import Enrolment
from qinfo.indicators import all as _all  # noqa: F401  (registers every indicator)
from qinfo.indicators.compute import columns, compute, finish
from qinfo.indicators.frame import Cut
from qinfo.indicators.source import Source
from qinfo.organisations.models import Classroom, School
from qinfo.organisations.scope import Scope, scope_for

CACHE_PREFIX = "qinfo:indicators:v1:"


def cache_seconds() -> int:
    return int(getattr(settings, "QINFO_DASHBOARD_CACHE_SECONDS", 300))


def scoped_cut(cut: Cut, scope: Scope) -> Cut | None:
    """`cut` narrowed to what `scope` reaches; None when it reaches nothing."""
    if scope.is_admin:
        return cut
    schools: set[int] = set(scope.school_ids)
    if scope.network_ids:
        schools |= set(
            School.objects.filter(network_id__in=scope.network_ids).values_list("id", flat=True)
        )
    classrooms = set(scope.classroom_ids)
    if classrooms:
        outside = set(
            Classroom.objects.filter(id__in=classrooms)
            .exclude(school_id__in=schools)
            .values_list("id", flat=True)
        )
        if outside and schools:
            # Whole schools and some classes elsewhere: name every classroom of the year.
            reach = Q(school_id__in=schools, academic_year__year_be=cut.year_be) | Q(id__in=outside)
            ids = tuple(sorted(Classroom.objects.filter(reach).values_list("id", flat=True)))
            return cut.narrowed(classroom=ids)
        if outside:
            return cut.narrowed(classroom=tuple(sorted(outside)))
    if not schools:
        return None
    return cut.narrowed(school=tuple(sorted(schools)))


def cache_key(cut: Cut, codes: Iterable[str] | None, version: str = "live") -> str:
    wanted = ",".join(sorted(codes)) if codes is not None else "*"
    digest = hashlib.sha256(f"{version}#{cut.key()}#{wanted}".encode()).hexdigest()[:32]
    return CACHE_PREFIX + digest


def empty_frame(cut: Cut) -> pd.DataFrame:
    return finish(pd.DataFrame({name: pd.Series([], dtype=object) for name in columns(cut)}), cut)


def indicator_frame(
    cut: Cut, codes: Iterable[str] | None = None, *, user: Any = None
) -> pd.DataFrame:
    """The indicators `codes` (all by default) for `cut` on the live database; with a user, only
    over the schools or classrooms the user may see. Cached (see the module's docstring)."""
    codes = tuple(codes) if codes is not None else None
    if user is not None:
        narrowed = scoped_cut(cut, scope_for(user))
        if narrowed is None:
            return empty_frame(cut)
        cut = narrowed
    source, version = engine()
    key = cache_key(cut, codes, version)
    frame = cache.get(key)
    if frame is None:
        frame = compute(source, cut, codes)
        cache.set(key, frame, cache_seconds() if version == "live" else SNAPSHOT_CACHE_SECONDS)
    return frame.copy()


#: A snapshot never changes, so its frames may stay until the next one (keys name the snapshot).
SNAPSHOT_CACHE_SECONDS = 2 * 24 * 3600


def engine() -> tuple[Source, str]:
    """Where indicators are computed now, and a name for the data they see: the current snapshot
    (DuckDB over Parquet) when `QINFO_INDICATORS_ENGINE` is "snapshot" and one exists, else the
    live database ("live")."""
    if settings.QINFO_INDICATORS_ENGINE == "snapshot":
        found = snapshot.current()
        if found is not None:
            return found.source, found.name
    return django_source(), "live"


def as_of() -> dt.datetime | None:
    """When the figures the dashboards show were taken (None: the live database)."""
    if settings.QINFO_INDICATORS_ENGINE != "snapshot":
        return None
    found = snapshot.current()
    return found.created_at if found is not None else None


def years() -> list[int]:
    """Academic years (Buddhist Era) with at least one enrolment, newest first."""
    key = CACHE_PREFIX + "years"
    found = cache.get(key)
    if found is None:
        found = sorted(
            set(Enrolment.objects.values_list("academic_year__year_be", flat=True).distinct()),
            reverse=True,
        )
        cache.set(key, found, cache_seconds())
    return list(found)


COMMON_BY: tuple[tuple[str, ...], ...] = ((), ("school",), ("grade",), ("school", "grade"))


def warm(year_be: int | None = None, by: tuple[tuple[str, ...], ...] = COMMON_BY) -> int:
    """Compile the common shapes of cut (the year and each term, by nothing, school, grade) so
    that the first dashboards do not pay Ibis's compile time (docs/decisions/0012); returns the
    number of cuts computed. Results are not cached here (they would be as fresh as any other)."""
    known = years()
    if year_be is None:
        if not known:
            return 0
        year_be = known[0]
    source, _ = engine()
    done = 0
    for term in (None, 1, 2):
        for dims in by:
            compute(source, Cut(year_be, term, dims))
            done += 1
    return done
