"""The director's and the officer's dashboards in Chromium (docs/definitions.md §23): the
director opens the Quality tab and downloads a chart's data; the officer drills down from the
network to one classroom. Screenshots for the README (docs/screenshots/dashboard-*.png)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import DESKTOP, PHONE, new_page, sign_in

pytestmark = pytest.mark.browser

#: A dashboard computes its indicators on first view (then they are cached): on the small demo
#: and a shared two-core machine that can take a minute.
SLOW_MS = 180_000


def test_director_opens_quality_and_downloads_a_charts_data(
    browser: Browser, site: str, screenshots: Path
) -> None:
    page = new_page(browser, PHONE)
    page.set_default_timeout(SLOW_MS)
    sign_in(page, site, "demo-director")
    with page.expect_navigation():
        page.click("#dashboards-link")
    assert "/dashboards/school/" in page.url, "a director's dashboard is their school's"
    with page.expect_navigation():
        page.click("#tab-quality")
    assert "tab=quality" in page.url
    expect(page.locator("#tab-quality")).to_have_attribute("aria-current", "page")
    drawn = page.locator(".dash-chart.is-drawn")
    expect(drawn.first).to_be_visible()
    assert page.locator(".dash-chart.is-drawn canvas").count() >= 1, "ECharts drew the charts"

    chart = drawn.first
    title = chart.locator(".dash-title").inner_text()
    expected = chart.locator(".dash-data tbody th").all_text_contents()  # folded: not visible
    assert expected, f"the chart {title!r} has rows"
    with page.expect_download() as info:
        chart.locator("[data-download=csv]").click()
    path = info.value.path()
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert [row[0] for row in rows[1:]] == [name.strip() for name in expected]
    page.screenshot(path=str(screenshots / "dashboard-director.png"), full_page=True)
    assert (screenshots / "dashboard-director.png").stat().st_size > 10_000


def test_officer_drills_down_from_the_network_to_a_classroom(
    browser: Browser, site: str, screenshots: Path
) -> None:
    page = new_page(browser, DESKTOP)
    page.set_default_timeout(SLOW_MS)
    sign_in(page, site, "demo-officer")
    with page.expect_navigation():
        page.click("#dashboards-link")
    assert page.url.rstrip("/").endswith("/dashboards/city")
    schools = page.locator("#schools-table tbody a")
    assert schools.count() >= 2, "the officer sees every school of the network"
    expect(page.locator(".dash-chart.is-drawn").first).to_be_visible()
    page.screenshot(path=str(screenshots / "dashboard-city.png"), full_page=True)
    assert (screenshots / "dashboard-city.png").stat().st_size > 10_000

    school = schools.first.inner_text()
    with page.expect_navigation():
        schools.first.click()
    assert "/dashboards/school/" in page.url
    expect(page.locator(".head")).to_contain_text(school)
    with page.expect_navigation():
        page.locator("#grade-links a").first.click()
    assert "grade=" in page.url
    room = page.locator("#classroom-links a").first
    name = room.inner_text()
    with page.expect_navigation():
        room.click()
    assert "/dashboards/classroom/" in page.url
    expect(page.locator("h1")).to_contain_text(name)
    children = page.locator("#dash-children a[href^='/students/']")
    assert children.count() >= 1, "the officer may open the children of the classroom"
    with page.expect_navigation():
        children.first.click()
    assert "/students/" in page.url
