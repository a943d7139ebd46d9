"""Alerts in a browser: the teacher finds, on the watchlist of a 360-pixel phone, a child who was
absent three school days in a row, with the reason in words; acknowledges the alert, records an
action and resolves it. The director finds an alert escalated to them. Leaves
docs/screenshots/watchlist-phone.png.

The data is made the way the system makes it, in a small demo of its own (this test changes it):
two nightly runs of the scorer (``score_network``) and ``alerts_sync``, a week apart (13 and 20
November 2026), with the child's three days of absence recorded through the roll-call service in
between. The alerts of the first night that nobody acknowledged escalate on the second.
Run as ``python -m tests.browser.test_alerts`` (with QINFO_DB) it prepares such a database.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import (
    BUILD_SECONDS,
    DEMO_TODAY,
    PHONE,
    ROOT,
    new_page,
    qinfo_command,
    serving,
    sign_in,
    site_environment,
)

pytestmark = pytest.mark.browser

EARLIER, DAY = dt.date(2026, 11, 13), dt.date.fromisoformat(DEMO_TODAY)
#: The child's roll calls: present on Tuesday, then absent Wednesday to Friday (DAY).
MARKS = ((dt.date(2026, 11, 17), "P"), (dt.date(2026, 11, 18), "A"), (dt.date(2026, 11, 19), "A"))
REASON = "ขาดเรียนติดต่อกัน 3 วัน"


def prepare() -> dict[str, object]:
    """In the demo database of QINFO_DB: score and sync on EARLIER; pick a child of the demo
    teacher's homeroom who was then normal and has no alert; record the absences; score and sync
    on DAY. Answers the child's id and name."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qinfo.settings")
    import django

    django.setup()
    from qinfo.accounts.models import User
    from qinfo.alerts.models import Alert
    from qinfo.alerts.services import alerts_sync
    from qinfo.attendance.calendar import enrolled_on
    from qinfo.attendance.services import MarkInput, attendance_record
    from qinfo.organisations.models import Classroom
    from qinfo.people.models import Student
    from qinfo.risk.models import RiskScore
    from qinfo.risk.scoring import score_network

    teacher, registrar, director = (
        User.objects.get(username=f"demo-{name}") for name in ("teacher", "admin", "director")
    )
    score_network(EARLIER)
    alerts_sync(EARLIER)
    room = Classroom.objects.get(
        homeroom_teachers__user=teacher,
        academic_year__start_date__lte=DAY,
        academic_year__end_date__gte=DAY,
    )
    children = sorted(enrolled_on(room, DAY))
    normal = set(
        RiskScore.objects.filter(
            as_of=EARLIER, student_id__in=children, level="normal"
        ).values_list("student_id", flat=True)
    )
    followed = set(
        Alert.objects.filter(student_id__in=children).values_list("student_id", flat=True)
    )
    kid = next(pk for pk in children if pk in normal and pk not in followed)
    for day, status in (*MARKS, (DAY, "A")):
        attendance_record(actor=registrar, classroom=room, date=day, marks=[MarkInput(kid, status)])
    score_network(DAY)
    counts = alerts_sync(DAY)
    assert Alert.objects.filter(student_id=kid, owner=teacher, status="new").exists()
    assert Alert.objects.filter(escalated_to=director, status="new").exists(), counts
    return {"student_id": kid, "name": Student.objects.get(pk=kid).full_name_th}


@pytest.fixture(scope="module")
def alerts_site(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, dict[str, object]]]:
    tmp = tmp_path_factory.mktemp("alerts-site")
    db = tmp / "demo.sqlite3"
    env = site_environment(tmp)
    build = subprocess.run(
        [*qinfo_command(), "demo", "--no-serve", "--scale", "small", "--seed", "1",
         "--today", DEMO_TODAY, "--db", str(db)],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=BUILD_SECONDS,
    )  # fmt: skip
    assert build.returncode == 0, f"qinfo demo failed:\n{build.stdout}\n{build.stderr}"
    prepared = subprocess.run(
        [sys.executable, "-m", "tests.browser.test_alerts"],
        env={**env, "QINFO_DB": str(db)}, cwd=ROOT, capture_output=True, text=True,
        timeout=BUILD_SECONDS,
    )  # fmt: skip
    assert prepared.returncode == 0, f"preparing the alerts failed:\n{prepared.stderr}"
    child = json.loads(prepared.stdout.strip().splitlines()[-1])
    with serving(db, env, tmp) as url:
        yield url, child


def test_the_teacher_works_an_alert_and_the_director_sees_an_escalated_one(
    browser: Browser, alerts_site: tuple[str, dict[str, object]], screenshots: Path
) -> None:
    site, child = alerts_site
    row = f"#watch-{child['student_id']}"
    page = new_page(browser, PHONE)
    sign_in(page, site, "demo-teacher")
    page.click("#watchlist-link")
    expect(page.locator(row)).to_contain_text(str(child["name"]))
    expect(page.locator(f"{row} .al-reasons")).to_contain_text(REASON)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.locator(row).scroll_into_view_if_needed()
    shot = screenshots / "watchlist-phone.png"
    page.screenshot(path=str(shot), animations="disabled")
    assert shot.stat().st_size > 10_000

    page.click(f"{row} a.al-open")
    expect(page.locator("#child-name")).to_have_text(str(child["name"]))
    expect(page.locator("#reasons")).to_contain_text(REASON)
    expect(page.locator("#alert")).to_have_attribute("data-status", "new")
    with page.expect_navigation():
        page.click("#acknowledge-form button[type=submit]")
    expect(page.locator("#alert")).to_have_attribute("data-status", "acknowledged")
    page.fill("#action-text", "โทรคุยกับผู้ปกครองแล้ว นัดเยี่ยมบ้านวันจันทร์")
    with page.expect_navigation():
        page.click("#action-form button[type=submit]")
    expect(page.locator("#alert")).to_have_attribute("data-status", "acting")
    with page.expect_navigation():  # no reason: refused, nothing changes
        page.click("#resolve")
    expect(page.locator("#refused")).to_be_visible()
    expect(page.locator("#alert")).to_have_attribute("data-status", "acting")
    page.fill("#close-reason", "เยี่ยมบ้านแล้ว เด็กกลับมาเรียนตามปกติ")
    with page.expect_navigation():
        page.click("#resolve")
    expect(page.locator("#alert")).to_have_attribute("data-status", "resolved")
    expect(page.locator("#history li")).to_have_count(4)  # opened, acknowledged, action, resolved
    expect(page.locator("#history")).to_contain_text("นัดเยี่ยมบ้านวันจันทร์")
    expect(page.locator("#work")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    director = new_page(browser, PHONE)
    sign_in(director, site, "demo-director")
    director.click("#alerts-link")
    escalated = director.locator("#my-alerts li.al-item:has(.al-escalated)")
    expect(escalated.first).to_be_visible()
    with director.expect_navigation():
        escalated.first.locator("a").click()
    expect(director.locator("#escalated")).to_be_visible()
    expect(director.locator("#history")).to_contain_text(
        director.locator("#history .al-e-escalated b").inner_text()
    )
    expect(director.locator("#acknowledge-form")).to_have_count(1)  # the director may act


if __name__ == "__main__":
    print(json.dumps(prepare(), ensure_ascii=False))
