"""The demo's completeness page lists classes that have not taken the last school day's roll call;
taking one from the list makes it disappear (Chromium, 360×740)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import PHONE, new_page, sign_in

pytestmark = pytest.mark.browser


def test_a_saved_roll_call_leaves_the_list_of_classes_still_to_take_it(
    browser: Browser, site: str
) -> None:
    page = new_page(browser, PHONE)
    # The registrar, whom the edit window does not stop whatever day the test runs on.
    sign_in(page, site, "demo-registrar")
    page.goto(f"{site}/completeness/")
    missing = page.locator("ul.roll-call-missing li a")
    before = missing.count()
    assert before >= 1, "the demo leaves some classes without the last school day's roll call"
    name = missing.first.inner_text()

    with page.expect_navigation():
        missing.first.click()
    assert "date=" in page.url, "the list links to the roll call of the missing day"
    rows = page.locator("li.rc-row")
    assert rows.count() >= 1
    with page.expect_navigation():
        page.locator(".rc-save button[type=submit]").click()
    expect(page.locator("#saved-already")).to_be_visible()

    page.goto(f"{site}/completeness/")
    names = page.locator("ul.roll-call-missing li a b").all_inner_texts()
    assert name not in names and len(names) == before - 1
