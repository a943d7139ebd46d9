"""The director's, the officer's and the classroom dashboards (docs/definitions.md §23) on the
page world of tests/web: two schools of one network; school A has ป.2/1 with ten children in
2569 (nine of the class list, four of them girls, and the boy who moved in from school B), school
B one child in ป.2/1."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from qinfo.dashboards.querycount import counting_queries
from qinfo.dashboards.values import indicator_frame
from qinfo.indicators.all import INDICATORS
from qinfo.indicators.frame import Cut
from qinfo.organisations.models import Classroom, GradeLevel, School
from tests.web.conftest import PageWorld, _marks, enrol, make_student

pytestmark = pytest.mark.django_db


def _kpi(html: str, code: str) -> str:
    found = re.search(rf'data-indicator="{code}"><b>([^<]*)</b>', html)
    assert found, f"no headline figure {code}"
    return found.group(1)


def school_url(w: PageWorld, school: School | None = None) -> str:
    return reverse("web:dashboard_school", args=[(school or w.school_a).pk])


def test_director_sees_the_schools_numbers(page_world: PageWorld) -> None:
    w = page_world
    html = w.client("director").get(school_url(w)).content.decode()
    frame = indicator_frame(Cut(2569, where={"school": (w.school_a.pk,)}), ["enrolment"])
    assert frame["value"].tolist() == [10.0]  # the hand count: nine and the mover
    assert _kpi(html, "enrolment") == "10"
    assert 'id="tab-equity" aria-current="page"' in html
    assert 'id="dash-watchlist"' in html and 'id="dash-completeness"' in html


def test_filters_change_the_numbers(page_world: PageWorld) -> None:
    w = page_world
    client = w.client("director")
    girls = client.get(school_url(w) + "?sex=F").content.decode()
    assert _kpi(girls, "enrolment") == "4"
    boys = client.get(school_url(w) + "?sex=M&term=1").content.decode()
    assert _kpi(boys, "enrolment") == "6"
    assert '<option value="M" selected>' in boys and '<option value="1" selected>' in boys
    # A grade with no child: nothing counted.
    empty = client.get(school_url(w) + f"?grade={GradeLevel.P5}").content.decode()
    assert _kpi(empty, "enrolment") in ("0", "–")


def test_tabs_are_pages(page_world: PageWorld) -> None:
    w = page_world
    html = w.client("director").get(school_url(w) + "?tab=efficiency").content.decode()
    assert 'id="tab-efficiency" aria-current="page"' in html
    assert 'data-indicator="attendance_rate"' in html
    assert 'data-indicator="enrolment"' not in html
    # The mover's ten marks in ป.2/1 are all present, late or on a trip: 100%.
    assert _kpi(html, "attendance_rate") == "100.0%"
    assert "chart-school-weekly" in html


def test_another_schools_people_get_404(page_world: PageWorld) -> None:
    w = page_world
    assert w.client("director").get(school_url(w, w.school_b)).status_code == 404
    assert w.client("outsider").get(school_url(w)).status_code == 404
    classroom = reverse("web:dashboard_classroom", args=[w.class_b.pk])
    assert w.client("director").get(classroom).status_code == 404
    assert w.client("nobody").get(reverse("web:dashboard_city")).status_code == 403


def test_downloads_carry_the_charts_data(page_world: PageWorld) -> None:
    w = page_world
    client = w.client("director")
    response = client.get(school_url(w) + "?download=school-grade-count&format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1:] == [["ป.2", "10"]]
    response = client.get(school_url(w) + "?download=school-grade-rate&format=xlsx")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "รายชั้น"  # the header row: the chart's categories, in Thai
    assert values[1][0] == "ป.2" and len(values) == 2
    assert client.get(school_url(w) + "?download=nothing&format=csv").status_code == 404
    assert client.get(school_url(w) + "?download=school-grade-count&format=pdf").status_code == 404


def test_city_shows_every_school_side_by_side(page_world: PageWorld) -> None:
    w = page_world
    response = w.client("officer").get(reverse("web:dashboard_city"))
    html = response.content.decode()
    table = html[html.index('id="schools-table"') :]
    table = table[: table.index("</table>")]
    for school in (w.school_a, w.school_b):
        assert school.name_th in table
        assert reverse("web:dashboard_school", args=[school.pk]) in table
    frame = indicator_frame(Cut(2569, by=("school",)), ["enrolment"], user=w.users["officer"])
    assert dict(zip(frame["school"], frame["value"], strict=True)) == {
        w.school_a.pk: 10.0,
        w.school_b.pk: 1.0,
    }
    assert _kpi(html, "enrolment") == "11"
    # A director is sent to their school's dashboard.
    director = w.client("director").get(reverse("web:dashboard_city"))
    assert director.status_code == 302 and director["Location"] == school_url(w)


def test_city_map_places_the_schools(page_world: PageWorld) -> None:
    w = page_world
    School.objects.filter(pk=w.school_a.pk).update(latitude="7.884", longitude="98.391")
    html = w.client("officer").get(reverse("web:dashboard_city")).content.decode()
    assert 'id="chart-city-map-box"' in html
    response = w.client("officer").get(reverse("web:dashboard_city") + "?download=city-map")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == [w.school_a.name_th]  # school B has no coordinates
    assert rows[1][1:3] == ["98.391", "7.884"]


def test_classroom_lists_only_children_the_user_may_see(page_world: PageWorld) -> None:
    w = page_world
    url = reverse("web:dashboard_classroom", args=[w.class_a.pk])
    officer = w.client("officer").get(url).content.decode()
    assert _kpi(officer, "enrolment") == "10"
    assert w.mover is not None and w.mover.first_name_th in officer
    assert reverse("web:student", args=[w.mover.pk]) in officer
    analyst = w.client("analyst").get(url).content.decode()
    assert w.mover.first_name_th not in analyst
    # The homeroom teacher of ป.2/1 sees the class's children too.
    teacher = w.client("teacher").get(url).content.decode()
    assert w.mover.first_name_th in teacher


def _grow(w: PageWorld, schools: int, children: int) -> None:
    """More schools, each with a classroom of children with attendance marks."""
    for n in range(schools):
        school = School.objects.create(
            network=w.network, code=f"30830001{n:02d}", name_th=f"โรงเรียนเพิ่ม {n}",
            affiliation="30", lowest_grade=GradeLevel.K1, highest_grade=GradeLevel.P6,
        )  # fmt: skip
        for room in (1, 2):
            classroom = Classroom.objects.create(
                school=school, academic_year=w.y2569, grade_level=GradeLevel.P2, room=room
            )
            for k in range(children):
                child = make_student(f"เด็ก{n}{room}{k}", "เพิ่มเติม", sex="MF"[k % 2])
                enrol(child, classroom, dt.date(2026, 5, 18))
                _marks(child, classroom, dt.date(2026, 6, 1), "PPAL")
    extra = Classroom.objects.create(
        school=w.school_a, academic_year=w.y2569, grade_level=GradeLevel.P2, room=3
    )
    for k in range(children):
        enrol(make_student(f"ห้องสาม{k}", "เพิ่มเติม"), extra, dt.date(2026, 5, 18))
        enrol(make_student(f"ห้องหนึ่ง{k}", "เพิ่มเติม"), w.class_a, dt.date(2026, 5, 18))


def _statements(w: PageWorld, persona: str, url: str) -> int:
    from django.core.cache import cache

    client = w.client(persona)
    cache.clear()
    with counting_queries() as counted:
        response = client.get(url)
    assert response.status_code == 200
    return counted.count


def test_queries_do_not_grow_with_the_world(page_world: PageWorld) -> None:
    w = page_world
    pages = [
        ("director", school_url(w)),
        ("director", school_url(w) + f"?grade={GradeLevel.P2}"),
        ("officer", reverse("web:dashboard_city")),
        ("officer", reverse("web:dashboard_classroom", args=[w.class_a.pk])),
    ]
    small = [_statements(w, persona, url) for persona, url in pages]
    _grow(w, schools=3, children=4)
    large = [_statements(w, persona, url) for persona, url in pages]
    assert small == large
    # One statement per indicator and frame (a tab's indicators, the trend years, a breakdown)
    # and a few ORM queries.
    assert max(large) <= 12 * len(INDICATORS)
