"""`qinfo.dashboards.values`: indicator frames scoped to what the user may see (§6, §20),
cached per scope, and counted by `counting_queries` (Django's and the indicators' statements)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import override_settings

from qinfo.accounts.models import Role
from qinfo.dashboards.querycount import counting_queries
from qinfo.dashboards.values import indicator_frame, years
from qinfo.indicators.compute import selected
from qinfo.indicators.frame import Cut
from tests.services.conftest import Org, admit, frozen_today, make_user, organisation  # noqa: F401

CUT = Cut(2569, by=("school", "classroom"))


@pytest.fixture
def city(organisation: Org) -> Org:  # noqa: F811
    """Two children in the teacher's classroom (school A) and one in school B's classroom."""
    cache.clear()
    admit(organisation, "ก", "หนึ่ง")
    admit(organisation, "ข", "สอง")
    admit(organisation, "ค", "สาม", classroom=organisation.other_classroom)
    return organisation


def enrolment_rows(frame: object) -> dict[tuple[int, int], float]:
    rows = frame[frame["indicator"] == "enrolment"]  # type: ignore[index]
    return {(int(r["school"]), int(r["classroom"])): r["value"] for r in rows.to_dict("records")}


def test_each_role_sees_its_own_reach(city: Org) -> None:
    a, b = city.school.pk, city.other_school.pk
    ca, cb = city.classroom.pk, city.other_classroom.pk
    everything = {(a, ca): 2.0, (b, cb): 1.0}
    assert enrolment_rows(indicator_frame(CUT, user=city.admin)) == everything
    assert enrolment_rows(indicator_frame(CUT, user=city.officer)) == everything
    director = make_user("director", Role.DIRECTOR, school=city.other_school)
    assert enrolment_rows(indicator_frame(CUT, user=director)) == {(b, cb): 1.0}
    assert enrolment_rows(indicator_frame(CUT, user=city.registrar)) == {(a, ca): 2.0}
    assert enrolment_rows(indicator_frame(CUT, user=city.teacher)) == {(a, ca): 2.0}
    # A teacher of school B who teaches no class there sees no child.
    assert indicator_frame(CUT, user=city.outsider).empty
    # Without a user (the city's own view, the CLI): everything.
    assert enrolment_rows(indicator_frame(CUT)) == everything


def test_a_teacher_sees_only_their_classrooms(city: Org) -> None:
    from qinfo.organisations import services as org

    # A second class in the teacher's own school, taught by someone else: not the teacher's.
    other_class = org.classroom_create(
        actor=city.registrar, school=city.school, academic_year=city.year, grade_level=5, room=1
    )
    admit(city, "ง", "สี่", classroom=other_class, birth=dt.date(2018, 6, 1))
    teacher = enrolment_rows(indicator_frame(CUT, user=city.teacher))
    registrar = enrolment_rows(indicator_frame(CUT, user=city.registrar))
    assert teacher == {(city.school.pk, city.classroom.pk): 2.0}
    assert registrar == {
        (city.school.pk, city.classroom.pk): 2.0,
        (city.school.pk, other_class.pk): 1.0,
    }


def test_the_cache_is_per_scope_and_serves_repeated_requests(city: Org) -> None:
    city_wide = Cut(2569)
    # The registrar's (one school) frame first: the admin must not be served it.
    assert indicator_frame(city_wide, ["enrolment"], user=city.registrar)["value"].tolist() == [2.0]
    assert indicator_frame(city_wide, ["enrolment"], user=city.admin)["value"].tolist() == [3.0]
    # A new child: the cached frames stay as they were until they expire ...
    admit(city, "จ", "ห้า")
    with counting_queries() as counted:
        assert indicator_frame(city_wide, ["enrolment"], user=city.admin)["value"].tolist() == [3.0]
    assert counted.count == 0  # scope cached on the user, frame in the cache: no SQL at all
    cache.clear()
    with counting_queries() as counted:
        assert indicator_frame(city_wide, ["enrolment"], user=city.admin)["value"].tolist() == [4.0]
    assert counted.count == 1  # one indicator, one statement, counted like Django's
    assert "enrolment_enrolment" in counted.statements[0]


@override_settings(QINFO_DASHBOARD_CACHE_SECONDS=0)
def test_no_cache_when_the_setting_is_zero(city: Org) -> None:
    assert indicator_frame(Cut(2569), ["enrolment"], user=city.admin)["value"].tolist() == [3.0]
    admit(city, "จ", "ห้า")
    assert indicator_frame(Cut(2569), ["enrolment"], user=city.admin)["value"].tolist() == [4.0]


def test_years_and_the_whole_set_in_bounded_statements(city: Org) -> None:
    assert years() == [2569]
    cache.clear()
    cut = Cut(2569, 1, by=("grade",))
    with counting_queries() as counted:
        frame = indicator_frame(cut)
    # One statement per indicator on SQLite and PostgreSQL (compute.py).
    expected = len(selected(cut))
    extra = counted.count - expected  # statements an indicator may run to build itself
    assert 0 <= extra <= len(selected(cut)), counted.statements
    assert set(frame["indicator"]) >= {"enrolment"}


def test_the_show_command(city: Org) -> None:
    import io
    import json

    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = io.StringIO()
    call_command(
        "indicators_show",
        "--format",
        "json",
        "--indicator",
        "enrolment",
        "--by",
        "school",
        stdout=out,
    )
    shown = json.loads(out.getvalue())
    assert shown["year_be"] == 2569 and shown["by"] == ["school"]
    assert {(r["school"], r["value"]) for r in shown["rows"]} == {
        (city.school.pk, 2),
        (city.other_school.pk, 1),
    }
    out = io.StringIO()
    call_command("indicators_show", "--year", "2569", "--term", "1", "--format", "csv", stdout=out)
    assert (
        out.getvalue().splitlines()[0] == "indicator,category,numerator,denominator,value,reference"
    )
    out = io.StringIO()
    call_command("indicators_show", "--indicator", "enrolment", stdout=out)
    assert "จำนวนนักเรียน" in out.getvalue() and "2569" in out.getvalue()
    with pytest.raises(CommandError, match="province"):
        call_command("indicators_show", "--by", "province")
    with pytest.raises(CommandError, match="nothing"):
        call_command("indicators_show", "--indicator", "nothing")
