"""A teacher records a home visit with a photo on a phone (Chromium, 360×740) and sees it, then
finds the child's home on the map of the class."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser

from tests.browser.conftest import PHONE, new_page, sign_in

pytestmark = pytest.mark.browser

#: A date inside the demo's current academic year and before its "today" (2026-11-20).
VISIT_DAY = "2026-11-19"
NOTE = "ทดสอบการเยี่ยมบ้านจากโทรศัพท์"


def test_teacher_records_a_home_visit_with_a_photo(
    browser: Browser, site: str, screenshots: Path, tmp_path: Path
) -> None:
    photo = tmp_path / "house.png"
    Image.new("RGB", (64, 48), (30, 120, 200)).save(photo)

    page = new_page(browser, PHONE)
    sign_in(page, site, "demo-teacher")
    page.locator("#my-classrooms a.tile").first.click()
    classroom_url = page.url
    page.locator("table.students tbody a").first.click()
    student_url = page.url
    student_id = re.search(r"/students/(\d+)/", student_url)
    assert student_id, student_url
    page.goto(f"{site}/students/{student_id.group(1)}/home-visit/")

    form = page.locator("#visit-form")
    assert form.locator("input[type=file][capture]").get_attribute("accept") == "image/*"
    page.fill("#id_date", VISIT_DAY)
    visitors = form.locator("input[name=visitors]")
    assert visitors.count() >= 1, "the school's staff are offered as visitors"
    if form.locator("input[name=visitors]:checked").count() == 0:
        visitors.first.check()
    form.locator("input[name=findings][value=screen_time]").check()
    page.fill("#id_notes", NOTE)
    page.fill("#id_latitude", "7.884000")
    page.fill("#id_longitude", "98.389000")
    page.set_input_files("#id_photos", str(photo))
    with page.expect_navigation():
        form.locator("button[type=submit]").click()

    assert page.locator(".care-done").is_visible()
    visit = page.locator("article.care-item", has_text=NOTE)
    assert visit.count() == 1, "the new visit is listed"
    image = visit.locator(".care-photos img").first
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    assert image.evaluate("img => img.naturalWidth") == 64  # the re-encoded photo, served back
    page.screenshot(path=str(screenshots / "demo-teacher-home-visit-phone.png"), full_page=True)

    classroom_id = re.search(r"/classrooms/(\d+)/", classroom_url)
    assert classroom_id, classroom_url
    page.goto(f"{site}/classrooms/{classroom_id.group(1)}/homes/")
    assert page.locator(".care-map svg .m-visited").count() >= 1
    row = page.locator(
        "tr.is-visited", has=page.locator(f"a[href$='/students/{student_id.group(1)}/home-visit/']")
    )
    assert row.count() == 1, "the child is listed as visited this year"
