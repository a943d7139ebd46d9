"""Fixtures of the dashboards' page tests: the page world of tests/web (two schools of one
network, 2568 and 2569) with the indicators' cache cleared between tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache

from tests.web.conftest import PageWorld, build_world


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def page_world(db: None) -> PageWorld:
    return build_world()
