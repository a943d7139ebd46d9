"""A teacher takes the roll call of a class of 40 on a 360-pixel phone: three absent, one late,
one save; the marks then show on a student's page. Leaves docs/screenshots/roll-call.png.

The small demo's classes have at most 28 children, so this test serves its own site: a fresh
SQLite file with one class of 40 built by ``python -m bench.roll_call site 40`` (the world of the
roll-call benchmarks, dated around today), served by ``qinfo serve`` like the demo.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect

from bench.roll_call import PASSWORD
from tests.browser.conftest import (
    BUILD_SECONDS,
    PHONE,
    ROOT,
    new_page,
    serving,
    sign_in,
    site_environment,
)

pytestmark = pytest.mark.browser

CLASS_SIZE = 40
#: Taps from มา (present): 1 → สาย (late), 4 → ขาด (absent).
TAPS_LATE, TAPS_ABSENT = 1, 4


@pytest.fixture(scope="module")
def class_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("roll-call-site")
    db = tmp / "rollcall.sqlite3"
    env = {**site_environment(tmp), "QINFO_DB": str(db)}
    build = subprocess.run(
        [sys.executable, "-m", "bench.roll_call", "site", str(CLASS_SIZE)],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=BUILD_SECONDS,
    )  # fmt: skip
    assert build.returncode == 0, f"the roll-call site failed:\n{build.stdout}\n{build.stderr}"
    with serving(db, env, tmp) as url:
        yield url


def last_school_day() -> dt.date:
    """Today in Bangkok, or the Friday before on a weekend (the site's term spans today)."""
    day = dt.datetime.now(ZoneInfo("Asia/Bangkok")).date()
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def tap(page: Page, student_row: str, times: int) -> None:
    button = page.locator(f"{student_row} button.rc-cycle")
    for _ in range(times):
        button.click()


def test_a_teacher_takes_the_roll_call_of_forty_on_a_phone(
    browser: Browser, class_site: str, screenshots: Path
) -> None:
    page = new_page(browser, PHONE)
    sign_in(page, class_site, "rollcall-teacher", PASSWORD)
    page.click("#roll-call-link a")
    page.locator("a.rc-class").first.click()
    page.goto(page.url.split("?")[0] + f"?date={last_school_day().isoformat()}")

    rows = page.locator("li.rc-row")
    expect(rows).to_have_count(CLASS_SIZE)
    ids = [r.get_attribute("id") for r in rows.all()]
    absent, late = ids[:3], ids[3]
    # Without a tap every child is present; one tap per status step, on a phone-sized button.
    expect(page.locator("li.rc-row[data-status='P']")).to_have_count(CLASS_SIZE)
    for row_id in absent:
        tap(page, f"#{row_id}", TAPS_ABSENT)
        expect(page.locator(f"#{row_id} button.rc-cycle")).to_have_text("ขาด")
    tap(page, f"#{late}", TAPS_LATE)
    expect(page.locator(f"#{late} button.rc-cycle")).to_have_text("สาย")
    page.locator(f"#{late} details.rc-more summary").click()
    page.fill(f"#{late} input[name^='minutes-']", "15")
    expect(page.locator("[data-count='A']")).to_have_text("3")
    expect(page.locator("[data-count='L']")).to_have_text("1")
    # Everything fits the phone's width: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.evaluate("window.scrollTo(0, 0)")
    shot = screenshots / "roll-call.png"
    page.screenshot(path=str(shot), animations="disabled")
    assert shot.stat().st_size > 10_000

    with page.expect_navigation():
        page.locator(".rc-save button[type=submit]").click()
    expect(page.locator("ul.notices li.notice")).to_have_count(1)
    expect(page.locator("#saved-already")).to_be_visible()
    expect(page.locator("li.rc-row[data-status='A']")).to_have_count(3)
    expect(page.locator("li.rc-row[data-status='L']")).to_have_count(1)
    expect(page.locator(f"#{late} input[name^='minutes-']")).to_have_value("15")

    # The absent child's own page shows the day: one day marked, none attended.
    student_id = absent[0].removeprefix("student-")
    page.goto(f"{class_site}/students/{student_id}/")
    expect(page.locator("#attendance")).to_contain_text("0.0%")
    page.goto(f"{class_site}/students/{late.removeprefix('student-')}/")
    expect(page.locator("#attendance")).to_contain_text("100.0%")
