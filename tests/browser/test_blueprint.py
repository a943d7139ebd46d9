"""The Education Blueprint in a browser: the officer creates a plan with three KPIs through the
pages of a 360-pixel phone, adopts it, and opens the review PDF, whose pages carry the three KPI
names in Thai. Leaves docs/screenshots/blueprint.png (the demo city's adopted plan)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import PHONE, new_page, sign_in
from tests.web.pdf_text import pdf_pages, pdf_text

pytestmark = pytest.mark.browser

PLAN_NAME = "แผนพัฒนาการศึกษาทดลอง"
#: (indicator, Thai KPI name, targets for the plan's three years).
KPIS = [
    ("attendance_rate", "อัตราการมาเรียนของนักเรียนทุกคน", ("95", "96", "97")),
    ("chronic_absence", "นักเรียนขาดเรียนเรื้อรังลดลง", ("9", "8", "7")),
    ("home_visit_coverage", "นักเรียนได้รับการเยี่ยมบ้านทุกคน", ("85", "90", "95")),
]


def _add_kpi(page: Page, indicator: str, name: str, targets: tuple[str, ...]) -> None:
    form = page.locator("form:has(#add-kpi)")
    form.locator("select[name=indicator]").select_option(indicator)
    form.locator("input[name=name_th]").fill(name)
    form.locator("input[name=baseline_year_be]").fill("2569")
    for field, value in zip(form.locator("input[name^=target_]").all(), targets, strict=True):
        field.fill(value)
    with page.expect_navigation():
        page.click("#add-kpi")
    expect(page.locator("#blueprint-error")).to_have_count(0)


def test_the_officer_writes_a_plan_and_opens_its_review_pdf(
    browser: Browser, site: str, screenshots: Path
) -> None:
    page = new_page(browser, PHONE)
    sign_in(page, site, "demo-officer")
    page.click("#blueprint-link")
    page.fill("input[name=name_th]", PLAN_NAME)
    page.fill("input[name=first_year_be]", "2570")
    with page.expect_navigation():
        page.click("#create-plan")
    expect(page.locator("h1")).to_contain_text(PLAN_NAME)
    page.fill("input[name=title_th]", "เด็กทุกคนได้เรียนอย่างมีคุณภาพ")
    page.locator("select[name=domain]").select_option("equity")
    with page.expect_navigation():
        page.click("#add-goal")
    for indicator, name, targets in KPIS:
        _add_kpi(page, indicator, name, targets)
    with page.expect_navigation():
        page.click("#adopt-plan")
    for _, name, _ in KPIS:
        expect(page.locator(".bp-kpi-name", has_text=name)).to_be_visible()
    # The page fits the phone: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    link = page.locator("#review-pdf").get_attribute("href")
    response = page.request.get(site + str(link))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    assert pdf_pages(pdf) >= 1
    text = pdf_text(pdf).replace("\n", "")
    for _, name, _ in KPIS:
        assert name in text, name

    # The demo city's own plan, adopted, with this year's actual values: the screenshot.
    page.goto(site + "/blueprint/")
    with page.expect_navigation():
        page.locator("ul.bp-plans a", has_text="พิมพ์เขียวการศึกษาเทศบาลนครภูเก็ต").click()
    first = page.locator(".bp-kpi").first
    expect(first.locator(".bp-status").first).to_be_visible()
    expect(first.locator(".dash-canvas canvas, .dash-canvas svg").first).to_be_visible()
    first.evaluate("card => card.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(screenshots / "blueprint.png"), full_page=False)
