"""Each demo persona signs in to the small demo in Chromium, sees the right home page, opens a
student's page where allowed, and leaves a screenshot in docs/screenshots/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import DESKTOP, PHONE, new_page, sign_in

pytestmark = pytest.mark.browser

THAI_NAME = re.compile(r"[\u0e01-\u0e2e][\u0e00-\u0e7f]+ [\u0e01-\u0e2e][\u0e00-\u0e7f]+")


def shoot(page: Page, path: Path, *, full_page: bool = False) -> None:
    page.screenshot(path=str(path), full_page=full_page, animations="disabled")
    assert path.stat().st_size > 10_000, f"{path} looks empty"


def open_first_student(page: Page, site: str) -> str:
    """Opens the first student of the list; returns the title shown on the student's page."""
    page.goto(site + "/students/")
    page.locator("table.students tbody a").first.click()
    page.wait_for_selector("#enrolments")
    return page.locator("h1").first.inner_text()


def test_teacher_sees_their_classroom_and_a_student(
    browser: Browser, site: str, screenshots: Path
) -> None:
    page = new_page(browser, DESKTOP)
    sign_in(page, site, "demo-teacher")
    assert page.locator("html").get_attribute("lang") == "th"
    tiles = page.locator("#my-classrooms a.tile")
    assert tiles.count() >= 1, "the demo teacher teaches a classroom this year"
    assert "ครู" in page.locator(".who .role").inner_text()
    shoot(page, screenshots / "demo-teacher.png")

    phone = new_page(browser, PHONE)
    sign_in(phone, site, "demo-teacher")
    phone.locator("#my-classrooms a.tile").first.click()
    rows = phone.locator("table.students tbody tr")
    assert rows.count() >= 10, "a classroom of the demo has a class list"
    shoot(phone, screenshots / "demo-teacher-classroom-phone.png", full_page=True)
    phone.locator("table.students tbody a").first.click()
    phone.wait_for_selector("#attendance")
    # Dates in the Buddhist Era, Thai style: "1 มิ.ย. 2568".
    assert re.search(r"\d{1,2} [\u0e00-\u0e7f.]+ 25\d\d", phone.locator("#enrolments").inner_text())
    shoot(phone, screenshots / "demo-teacher-student-phone.png", full_page=True)


def test_director_sees_the_school_by_grade(browser: Browser, site: str, screenshots: Path) -> None:
    page = new_page(browser, DESKTOP)
    sign_in(page, site, "demo-director")
    assert page.locator(".grade-row").count() >= 3, "classrooms are grouped by grade"
    assert page.locator("a.chip").count() >= 6
    shoot(page, screenshots / "demo-director.png")
    title = open_first_student(page, site)
    assert THAI_NAME.search(title), title


def test_officer_sees_the_network(browser: Browser, site: str, screenshots: Path) -> None:
    page = new_page(browser, DESKTOP)
    sign_in(page, site, "demo-officer")
    schools = page.locator("#network table tbody tr")
    assert schools.count() >= 2, "the small demo has two schools"
    students = int(page.locator("#network .stat b").first.inner_text().replace(",", ""))
    assert students > 300
    shoot(page, screenshots / "demo-officer.png")
    assert THAI_NAME.search(open_first_student(page, site))
    # The demo trains a model on its history: its card says whether it beat the rules.
    page.goto(site + "/risk/model/")
    assert page.locator("#model-status").inner_text().strip() in {"ใช้งานอยู่", "ไม่ผ่าน: ไม่ดีกว่ากฎ"}
    assert page.get_by_text("AUC").count() > 0
    shoot(page, screenshots / "model-card.png", full_page=True)


def test_analyst_sees_counts_and_no_names(browser: Browser, site: str, screenshots: Path) -> None:
    officer = new_page(browser, DESKTOP)
    sign_in(officer, site, "demo-officer")
    officer.goto(site + "/students/")
    names = officer.locator("table.students tbody td:nth-child(2) > a").all_inner_texts()
    assert len(names) >= 20

    page = new_page(browser, DESKTOP)
    sign_in(page, site, "demo-analyst")
    assert page.locator("#network").count() == 1
    text = page.locator("body").inner_text()
    assert not [n for n in names if n in text]
    shoot(page, screenshots / "demo-analyst.png")

    title = open_first_student(page, site)
    assert title.startswith("#"), title
    student_text = page.locator("body").inner_text()
    assert not [n for n in names if n in student_text]
    page.goto(site + "/students/")
    listed = page.locator("table.students tbody td:nth-child(2) > a").all_inner_texts()
    assert listed and all(n.startswith("#") for n in listed)


def test_admin_sees_every_school(browser: Browser, site: str, screenshots: Path) -> None:
    page = new_page(browser, DESKTOP)
    sign_in(page, site, "demo-admin")
    assert page.locator("#network table tbody tr").count() >= 2
    shoot(page, screenshots / "demo-admin.png")
    assert THAI_NAME.search(open_first_student(page, site))


def test_language_switch_in_the_browser(browser: Browser, site: str) -> None:
    page = new_page(browser, PHONE)
    sign_in(page, site, "demo-teacher")
    assert "ออกจากระบบ" in page.locator("header").inner_text()
    with page.expect_navigation():
        page.click("form.lang button[value=en]")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Sign out" in page.locator("header").inner_text()
    with page.expect_navigation():
        page.click("form.lang button[value=th]")
    assert "ออกจากระบบ" in page.locator("header").inner_text()
