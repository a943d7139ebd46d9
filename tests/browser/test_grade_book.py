"""A registrar enters a term's scores for a course on a phone (Chromium, 360×740) and sees the
grades: the small demo's ป.4 class, Thai language in the current term (items defined, no scores
yet)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import PHONE, new_page, sign_in

pytestmark = pytest.mark.browser


def test_registrar_enters_scores_and_sees_grades(
    browser: Browser, site: str, screenshots: Path
) -> None:
    page = new_page(browser, PHONE)
    sign_in(page, site, "demo-registrar")
    page.locator("a.chip", has_text="ป.4").first.click()
    page.locator("#grade-book-link").click()
    course = page.locator("#courses a", has_text="ภาษาไทย").filter(has_text="ภาคเรียนที่ 2")
    course.first.click()
    rows = page.locator("table.gb tbody tr")
    count = rows.count()
    assert count >= 10, "a class of the demo has a class list"
    for n in range(count):
        cells = rows.nth(n).locator("input.gb-score")
        assert cells.count() == 2, "primary courses have coursework 70 and final 30"
        high = n % 2 == 0
        cells.nth(0).fill("56" if high else "40")  # of 70
        cells.nth(1).fill("24" if high else "15")  # of 30: 80 (grade 4) or 55 (grade 1.5)
    with page.expect_navigation():
        page.locator("button[value=compute]").click()
    saved = page.locator("#messages").inner_text()
    assert "บันทึกคะแนน" in saved or "Scores saved" in saved
    grades = [g.strip() for g in page.locator("table.gb .gb-grade").all_inner_texts()]
    # Every student still in the class gets a grade (one who left during the term would not).
    assert len(grades) >= count - 2 and set(grades) == {"4", "1.5"}
    totals = {rows.nth(n).locator("td.num").nth(2).inner_text() for n in range(count)}
    assert totals == {"80.00", "55.00"}
    summary = page.locator("#summary .stat b")
    assert summary.nth(1).inner_text() == str(len(grades))  # results with a grade
    page.screenshot(path=str(screenshots / "grade-book-phone.png"), full_page=True)
    # The page fits a phone: only the grid scrolls sideways, not the page.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360 + 1
