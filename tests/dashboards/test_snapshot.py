"""The dashboards' snapshot (docs/definitions.md §20): DuckDB over Parquet written from the
database gives the figures the database gives; a write shows only after the next refresh; the
pointer moves in one step and old snapshots go; warming fills the shared cache; pages say when
their figures were taken."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from django.core.cache import cache
from django.urls import reverse

from qinfo.attendance.models import AttendanceMark
from qinfo.dashboards import snapshot, values
from qinfo.dashboards.warm import warm_pages
from qinfo.indicators.frame import Cut
from tests.web.conftest import PageWorld


@pytest.fixture
def snapshots(tmp_path: Path, settings: pytest.FixtureRequest) -> Path:
    settings.QINFO_SNAPSHOT_DIR = tmp_path / "snapshots"  # type: ignore[attr-defined]
    settings.QINFO_INDICATORS_ENGINE = "snapshot"  # type: ignore[attr-defined]
    return tmp_path / "snapshots"


def test_the_snapshot_gives_the_databases_figures(page_world: PageWorld, snapshots: Path) -> None:
    cut = Cut(2569, by=("school", "sex"))
    assert values.engine()[1] == "live"  # no snapshot yet: the database itself
    live = values.indicator_frame(cut)
    assert len(live) > 0
    taken = snapshot.refresh()
    assert values.engine()[1] == taken.name
    cache.clear()
    pd.testing.assert_frame_equal(values.indicator_frame(cut), live)


def test_a_write_shows_after_the_next_refresh(page_world: PageWorld, snapshots: Path) -> None:
    cut = Cut(2569)  # the whole city
    snapshot.refresh()
    before = values.indicator_frame(cut, ["attendance_rate"])
    assert AttendanceMark.objects.exists()
    AttendanceMark.objects.filter(status="P").update(status="A")
    cache.clear()
    assert values.indicator_frame(cut, ["attendance_rate"]).equals(before)
    snapshot.refresh()
    after = values.indicator_frame(cut, ["attendance_rate"])
    assert float(after["value"].iloc[0]) < float(before["value"].iloc[0])


def test_the_pointer_moves_and_old_snapshots_go(page_world: PageWorld, snapshots: Path) -> None:
    first = snapshot.refresh()
    second = snapshot.refresh()
    assert (snapshots / snapshot.POINTER).read_text().strip() == second.name
    assert (snapshots / first.name).is_dir()  # kept while a request may still read it
    third = snapshot.refresh()
    kept = sorted(p.name for p in snapshots.iterdir() if p.is_dir())
    assert kept == sorted([second.name, third.name])
    assert not [p for p in snapshots.iterdir() if p.name.startswith(".") and p.is_dir()]


def test_warming_fills_the_cache_and_pages_say_when(page_world: PageWorld, snapshots: Path) -> None:
    taken = snapshot.refresh()
    cache.clear()
    # The city, three tabs of each of the two schools; the city's and the first school's tabs
    # with each of five single filters (term 1, term 2, sex, poverty, grade); one classroom
    # unfiltered and with four filters (not the grade).
    assert warm_pages() == 1 + 2 * 3 + 5 * 3 * 2 + 5
    assert len(cache._cache) > 20  # type: ignore[attr-defined]  (the tests' LocMemCache)
    assert taken.name == snapshot.current_name()
    client = page_world.client("director")
    page = client.get(
        reverse("web:dashboard_school", args=[page_world.school_a.pk]) + "?tab=quality"
    ).content.decode()
    assert "ตัวเลข ณ" in page or "Figures as of" in page
