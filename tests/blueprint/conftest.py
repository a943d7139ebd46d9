"""The Blueprint's tests run on the page tests' small world (tests/web/conftest.py): one network,
schools A and B, academic years 2568 and 2569, personas from teacher to administrator.

Indicator frames are not cached here (``QINFO_DASHBOARD_CACHE_SECONDS=0``), so each test reads
what it wrote."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache

from tests.web.conftest import PageWorld, build_world


@pytest.fixture(autouse=True)
def no_indicator_cache(settings: pytest.FixtureRequest) -> Iterator[None]:
    settings.QINFO_DASHBOARD_CACHE_SECONDS = 0  # type: ignore[attr-defined]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db: None) -> PageWorld:
    return build_world()
