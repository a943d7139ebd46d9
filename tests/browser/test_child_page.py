"""The child's page in Chromium on a phone (360 px) and on a desktop: every part is there, the
calendar's days carry words as well as colours, the charts are drawn without JavaScript, and
the PDF opens; screenshots for the README (docs/screenshots/child-page*.png)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import DESKTOP, PHONE, new_page, sign_in

pytestmark = pytest.mark.browser

PARTS = (
    "risk",
    "enrolments",
    "attendance",
    "results",
    "tests",
    "growth",
    "sdq",
    "family",
    "visits",
)


def open_child(page: Page, site: str) -> str:
    sign_in(page, site, "demo-teacher")
    page.goto(site + "/students/")
    page.locator("table.students tbody a").first.click()
    page.wait_for_selector("#calendar")
    return page.url


def test_the_child_page_on_a_phone_and_a_desktop(
    browser: Browser, site: str, screenshots: Path
) -> None:
    phone = new_page(browser, PHONE)
    url = open_child(phone, site)
    for part in PARTS:
        assert phone.locator(f"#{part}").count() == 1, part
    # Nothing is wider than the phone.
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    marked = phone.locator("table.month td[class^='a-'] .s")
    assert marked.count() > 0 and marked.first.inner_text().strip()
    assert phone.locator("#results svg.chart").count() <= 1
    phone.screenshot(path=str(screenshots / "child-page.png"), full_page=True)
    assert (screenshots / "child-page.png").stat().st_size > 10_000

    pdf = phone.request.get(url + "pdf/")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")

    desktop = new_page(browser, DESKTOP)
    open_child(desktop, site)
    desktop.screenshot(path=str(screenshots / "child-page-desktop.png"), full_page=True)
    assert (screenshots / "child-page-desktop.png").stat().st_size > 10_000
