"""The child's page (docs/definitions.md §13): timeline of enrolments and events, the attendance
calendar, grades over time, growth, SDQ, household and poverty, home visits, tests and literacy,
and the place kept for the early warning; an analyst sees the shape of it all and no person."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
import time_machine
from django.urls import reverse

from qinfo.organisations.models import Term
from tests.web.child_records import add_year_of_care
from tests.web.conftest import PageWorld

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def summer_2026() -> Iterator[None]:
    """Term 1 of 2569 is running (the mover's marks of 2569 lie in June 2026)."""
    with time_machine.travel(dt.datetime(2026, 6, 20, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def cared(page_world: PageWorld) -> PageWorld:
    mover = page_world.mover
    assert mover is not None
    add_year_of_care(mover, page_world.class_a, page_world.y2569, visit_note="บ้านเช่าริมคลอง")
    return page_world


def page(world: PageWorld, persona: str, **query: object) -> str:
    url = reverse("web:student", args=[world.mover.pk])  # type: ignore[union-attr]
    response = world.client(persona).get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, ident: str) -> str:
    start = html.index(f'id="{ident}"')
    end = html.find("<section", start)
    return html[start : end if end != -1 else len(html)]


def test_the_timeline_shows_admission_the_move_and_the_exit_in_order(page_world: PageWorld) -> None:
    timeline = section(page(page_world, "teacher"), "enrolments")
    events = "".join(re.findall(r'<ul class="events">(.*?)</ul>', timeline, re.S))
    admitted = events.index("เข้าเรียน")  # "Admitted"
    left = events.index("31 มี.ค. 2569")
    moved = events.index("1 มิ.ย. 2569")
    assert admitted < left < moved
    assert "ย้ายที่อยู่" in timeline  # the exit reason
    assert timeline.index("2568") < timeline.index("2569")


def test_the_calendar_colours_and_labels_each_day(page_world: PageWorld) -> None:
    old_term = Term.objects.get(academic_year=page_world.y2568, number=1)
    html = section(page(page_world, "director", term=old_term.pk), "calendar")
    # 2 June 2025 is a Monday: P P P P P, P L S A A from the 9th.
    assert re.search(r'<td class="a-A" title="ขาด"><span class="d">12</span><span class="s">', html)
    assert re.search(r'<td class="a-L" title="สาย"><span class="d">10</span>', html)
    assert re.search(r'<td class="a-S" title="ลาป่วย"><span class="d">11</span>', html)
    assert html.count('class="a-P"') == 6
    # Saturdays and Sundays are not in the grid: five day columns.
    assert html.count('<th scope="col">') % 5 == 0
    # The term picker names every term of the child's years; the chosen one is marked.
    assert f'href="?term={old_term.pk}#calendar" aria-current="true"' in html


def test_the_calendar_opens_on_the_running_term(page_world: PageWorld) -> None:
    html = section(page(page_world, "teacher"), "attendance")
    assert "1/2569" in html and 'class="a-T"' in html
    # Today is 20 June 2026: later months of the term are not drawn, later days are blank.
    assert "ก.ค. 2569" not in html
    assert re.search(r'<td class="future"><span class="d">22</span>', html)


def test_grades_over_time_draw_the_gpa_per_term(page_world: PageWorld) -> None:
    html = section(page(page_world, "officer"), "results")
    chart = html[html.index("<svg") : html.index("</svg>")]
    assert "3.00" in chart and "1/2568" in chart
    assert "ผลการเรียนเฉลี่ย 3.00" in html
    assert "รอการตัดสิน (ร)" in html


def test_every_part_of_care_is_shown(cared: PageWorld) -> None:
    html = page(cared, "teacher")
    growth = section(html, "growth")
    assert "<svg" in growth and "22.0" in growth and "118.0" in growth
    assert "-0.5" in growth  # the last height-for-age z-score, printed beside its point
    sdq = section(html, "sdq")
    assert "<b>11</b>" in sdq and "band-normal" in sdq
    visits = section(html, "visits")
    assert "บ้านเช่าริมคลอง" in visits and "ติดตามอีกครั้ง" in visits
    family = section(html, "family")
    assert "2,000" in family and "5 / 8" in family
    tests = section(html, "tests")
    assert "61.50" in tests and "lv4" in tests and "lv1" in tests
    events = section(html, "enrolments")
    # Health check, SDQ screening, home visit, poverty screening
    for title in ("ตรวจสุขภาพ", "ประเมิน SDQ", "เยี่ยมบ้าน", "การคัดกรองความยากจน"):
        assert title in events, title
    assert "ยังไม่ได้ประเมิน" in section(html, "risk")  # not yet assessed
    ratings = section(html, "results")
    assert 'class="data ratings"' in ratings and "lv4" in ratings


def test_days_absent_in_a_row_up_to_today(page_world: PageWorld) -> None:
    from tests.web.conftest import _marks

    _marks(page_world.mover, page_world.class_a, dt.date(2026, 6, 15), "AAAAA")  # type: ignore[arg-type]
    html = section(page(page_world, "teacher"), "attendance")
    assert re.search(r'<p class="alert">[^<]*5[^<]*</p>', html)


def test_the_analyst_sees_care_without_notes_or_places(cared: PageWorld) -> None:
    html = page(cared, "analyst")
    assert "<svg" in section(html, "growth") and "<b>11</b>" in section(html, "sdq")
    for secret in ("บ้านเช่าริมคลอง", "ติดตามอีกครั้ง", "7.88", "98.39", "มาลี", "student_photo"):
        assert secret not in html, secret
    assert "/photo/" not in html


def test_a_child_without_care_records_says_so(page_world: PageWorld) -> None:
    html = page(page_world, "teacher")
    assert "<svg" not in section(html, "growth")
    assert "No home visit recorded." in section(html, "visits") or "ไม่มี" in section(html, "visits")
