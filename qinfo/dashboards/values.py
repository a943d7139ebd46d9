"""Indicator frames on the live database, narrowed to what a user may see, cached.

`indicator_frame(cut, codes, user=...)` narrows `cut.where` to the user's reach
(`qinfo.organisations.scope.scope_for`): an administrator sees the whole city; officers and
analysts their networks' schools; directors and registrars their schools; teachers only the
classrooms they teach (a teacher's colleagues' classes are not theirs to count). The frame is kept
in Django's cache for `QINFO_DASHBOARD_CACHE_SECONDS` (default 300) under a key made of the
narrowed cut (so the scope is part of the key) and the indicator codes: a dashboard may be that
many seconds behind the database (docs/definitions.md §20).

A page reads tens of frames (each indicator, each trend year), so two things are done once, not
per frame: the user's reach is read from the database once per request (kept on the user object,
as `scope_for` keeps the scope), and the frames of a snapshot, which never change, are also kept
in each process's memory (`qinfo.core.memo.ProcessMemo`): a page then reads them without
unpickling the shared cache's files. `cache.clear()` empties those too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.conf import settings
from django.core.cache import cache
from django.db.models import Q

from qinfo.core.memo import ProcessMemo
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


@dataclass(frozen=True)
class Reach:
    """Where a user's figures may come from: everything (admin), whole schools, and classrooms
    outside those schools (a teacher's classes)."""

    everything: bool
    schools: tuple[int, ...] = ()
    outside: tuple[int, ...] = ()


_REACH_ATTR = "_qinfo_indicator_reach"


def reach_of(user: Any) -> Reach:
    """The user's `Reach`, read once per user object (that is, once per request) and again only
    when the user's scope is computed afresh (`forget_scope`)."""
    scope = scope_for(user)
    found: tuple[Scope, Reach] | None = getattr(user, _REACH_ATTR, None)
    if found is None or found[0] is not scope:
        found = (scope, _read_reach(scope))
        setattr(user, _REACH_ATTR, found)
    return found[1]


def _read_reach(scope: Scope) -> Reach:
    if scope.is_admin:
        return Reach(everything=True)
    schools: set[int] = set(scope.school_ids)
    if scope.network_ids:
        schools |= set(
            School.objects.filter(network_id__in=scope.network_ids).values_list("id", flat=True)
        )
    outside: set[int] = set()
    if scope.classroom_ids:
        outside = set(
            Classroom.objects.filter(id__in=scope.classroom_ids)
            .exclude(school_id__in=schools)
            .values_list("id", flat=True)
        )
    return Reach(False, tuple(sorted(schools)), tuple(sorted(outside)))


def scoped_cut(cut: Cut, reach: Reach) -> Cut | None:
    """`cut` narrowed to what `reach` reaches; None when it reaches nothing."""
    if reach.everything:
        return cut
    if reach.outside and reach.schools:
        # Whole schools and some classes elsewhere: name every classroom of the year.
        within = Q(school_id__in=reach.schools, academic_year__year_be=cut.year_be)
        ids = Classroom.objects.filter(within | Q(id__in=reach.outside)).values_list("id")
        return cut.narrowed(classroom=tuple(sorted(pk for (pk,) in ids)))
    if reach.outside:
        return cut.narrowed(classroom=reach.outside)
    if not reach.schools:
        return None
    return cut.narrowed(school=reach.schools)


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
        narrowed = scoped_cut(cut, reach_of(user))
        if narrowed is None:
            return empty_frame(cut)
        cut = narrowed
    source, version = engine()
    key = cache_key(cut, codes, version)
    local = version != "live"
    frame = _LOCAL.get(key) if local else None
    if frame is None:
        frame = cache.get(key)
        if frame is None:
            frame = compute(source, cut, codes)
            cache.set(key, frame, SNAPSHOT_CACHE_SECONDS if local else cache_seconds())
        if local:
            _LOCAL.set(key, frame, SNAPSHOT_CACHE_SECONDS)
    return frame.copy()


#: Each process's copy of the snapshot frames it has read (key: the shared cache's key).
_LOCAL = ProcessMemo(maxsize=4096)


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
