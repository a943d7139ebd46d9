"""The teacher's dashboard /dashboards/teacher/ on a small hand-built school (the services'
organisation, today Friday 20 November 2026, term 2 running since 2 November).

The teacher (สมศรี) is homeroom teacher of ป.1/1 and teaches a maths course of term 2 in ป.2/1
(no homeroom teacher) and, in term 1, a Thai course in ป.1/1. ป.2/2 is a class of the same school
the teacher has nothing to do with; ป.1/1 of the other school is another teacher's.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qinfo.alerts.reasons import reasons
from qinfo.attendance.models import AttendanceMark
from qinfo.organisations import services as org
from qinfo.organisations.models import (
    Classroom,
    Course,
    GradeLevel,
    LearningArea,
    NonSchoolDay,
    Subject,
)
from qinfo.people.models import Student
from qinfo.risk.models import RiskScore
from tests.alerts.conftest import LOW, SDQ, STREAK, score
from tests.services.conftest import (  # noqa: F401
    Org,
    admit,
    frozen_today,
    make_user,
    organisation,
)

TODAY = dt.date(2026, 11, 20)
URL = "/dashboards/teacher/"


@dataclass
class World:
    o: Org
    p21: Classroom  # the teacher's course class (no homeroom teacher)
    p22: Classroom  # a class of the school the teacher does not teach
    maths: Course  # term 2, in ป.2/1, by the teacher
    thai: Course  # term 1 (ended), in ป.1/1, by the teacher; no result entered
    kid: Student  # ป.1/1, at risk
    sibling: Student  # ป.1/1, normal
    pupil: Student  # ป.2/1, problem
    stranger: Student  # ป.2/2, at risk: not the teacher's
    elsewhere: Student  # the other school, at risk


def _subject(code: str, name: str, grade: int) -> Subject:
    return Subject.objects.create(
        code=code, name_th=name, learning_area=LearningArea.MATH, grade_level=grade
    )


def _class(o: Org, grade: int, room: int) -> Classroom:
    return org.classroom_create(
        actor=o.registrar, school=o.school, academic_year=o.year, grade_level=grade, room=room
    )


def mark(student: Student, classroom: Classroom, day: dt.date, status: str = "P") -> None:
    AttendanceMark.objects.create(
        student=student, date=day, school=classroom.school, classroom=classroom, status=status
    )


@pytest.fixture
def world(organisation: Org) -> World:  # noqa: F811
    o = organisation
    p21, p22 = _class(o, GradeLevel.P2, 1), _class(o, GradeLevel.P2, 2)
    maths = Course.objects.create(
        classroom=p21,
        term=o.term2,
        subject=_subject("ค12101", "คณิตศาสตร์ 2", GradeLevel.P2),
        teacher=o.teacher_staff,
    )
    thai = Course.objects.create(
        classroom=o.classroom,
        term=o.term1,
        subject=_subject("ท11101", "ภาษาไทยพื้นฐาน", GradeLevel.P1),
        teacher=o.teacher_staff,
    )
    kid = admit(o, "กมล", "ใจดี").student
    sibling = admit(o, "ขวัญ", "ใจดี").student
    pupil = admit(o, "แก้วตา", "มีสุข", classroom=p21).student
    stranger = admit(o, "ดารณี", "แปลกหน้า", classroom=p22).student
    elsewhere = admit(o, "จันทร์", "ศรีสุข", classroom=o.other_classroom).student
    yesterday = TODAY - dt.timedelta(days=1)
    score(kid, yesterday, "at_risk", [STREAK])
    score(sibling, yesterday)
    score(pupil, yesterday, "problem", [LOW, SDQ], attendance=72.5)
    score(stranger, yesterday, "at_risk", [STREAK])
    score(elsewhere, yesterday, "at_risk", [STREAK])
    # Today's daily roll call of the homeroom class is taken; ป.2/1's is not.
    mark(kid, o.classroom, TODAY, "A")
    mark(sibling, o.classroom, TODAY)
    return World(o, p21, p22, maths, thai, kid, sibling, pupil, stranger, elsewhere)


def client_of(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_classes_today_and_their_roll_call(world: World) -> None:
    response = client_of(world.o.teacher).get(URL)
    assert response.status_code == 200
    rows = response.context["classes"]
    got = [(r.classroom.pk, r.course.pk if r.course else None, r.done, r.taken) for r in rows]
    # The homeroom class first, taken (2 marks); then the running term's course, whose class
    # has no daily roll call yet. The ended term's course is not "today".
    assert got == [
        (world.o.classroom.pk, None, True, 2),
        (world.p21.pk, world.maths.pk, False, None),
    ]
    assert all(r.school_day for r in rows)
    assert response.context["waiting"] == 1
    html = response.content.decode()
    assert f'id="today-class-{world.o.classroom.pk}" data-done="yes"' in html
    assert f'id="today-course-{world.maths.pk}" data-done="no"' in html
    assert f"today-class-{world.p22.pk}" not in html


def test_period_attendance_follows_the_course_periods(world: World) -> None:
    world.o.school.period_attendance = True
    world.o.school.save()
    AttendanceMark.objects.create(
        student=world.pupil, date=TODAY, school=world.o.school, classroom=world.p21,
        course=world.maths, period=3, status="P",
    )  # fmt: skip
    rows = client_of(world.o.teacher).get(URL).context["classes"]
    course_row = next(r for r in rows if r.course)
    assert course_row.by_period and course_row.done and course_row.periods == [3]
    assert f"course={world.maths.pk}" in course_row.url


def test_no_school_day_no_roll_call_to_take(world: World) -> None:
    NonSchoolDay.objects.create(academic_year=world.o.year, date=TODAY, name_th="วันหยุด")
    response = client_of(world.o.teacher).get(URL)
    assert not any(r.school_day for r in response.context["classes"])
    assert response.context["waiting"] == 0
    assert 'id="no-school"' in response.content.decode()


def test_only_the_teachers_own_students_with_their_reasons(world: World) -> None:
    response = client_of(world.o.teacher).get(URL)
    rows = response.context["at_risk"]
    # Problems first, then at risk; only children of the classes the teacher teaches.
    assert [r.student_id for r in rows] == [world.pupil.pk, world.kid.pk]
    html = response.content.decode()
    section = html[html.index('id="at-risk"') : html.index('id="to-enter"')]
    for child in (world.pupil, world.kid):
        assert child.first_name_th in section
    for child in (world.sibling, world.stranger, world.elsewhere):
        assert child.first_name_th not in html
    fired = RiskScore.objects.get(student=world.pupil).fired
    for reason in reasons(fired, "th"):
        assert reason.text in section and reason.rule in section
    assert "ขาดเรียนติดต่อกัน 3 วันเรียนขึ้นไป" in section  # the kid's rule, in Thai


def test_homeroom_children_first_within_a_level_and_a_screenful_at_most(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Thai order would put ก่อน before กมล; the homeroom child still comes first among "at risk".
    early = admit(world.o, "ก่อน", "ก่อนใคร", classroom=world.p21).student
    score(early, TODAY - dt.timedelta(days=1), "at_risk", [STREAK])
    response = client_of(world.o.teacher).get(URL)
    rows = response.context["at_risk"]
    assert [r.student_id for r in rows] == [world.pupil.pk, world.kid.pk, early.pk]
    monkeypatch.setattr("qinfo.web.views.dashboard_teacher.SHOWN_AT_RISK", 2)
    response = client_of(world.o.teacher).get(URL)
    assert [r.student_id for r in response.context["at_risk"]] == [world.pupil.pk, world.kid.pk]
    html = response.content.decode()
    assert 'id="at-risk-more"' in html and early.first_name_th not in html
    summary = html[html.index('id="summary"') : html.index('id="today"')]
    assert '<a class="stat" href="#at-risk"><b>3</b>' in summary


def test_what_i_still_have_to_enter(world: World) -> None:
    response = client_of(world.o.teacher).get(URL)
    gaps = response.context["todo"].gaps
    # The ended term's Thai course has no result for its 2 students.
    grades = [g for g in gaps if g.kind.code == "grades"]
    assert [(g.course.pk, g.unit.tally.expected, g.unit.tally.entered) for g in grades] == [
        (world.thai.pk, 2, 0)
    ]
    # Class-wide entries (health, SDQ, home visits) only for the homeroom class.
    assert {g.classroom.pk for g in gaps if g.kind.code != "grades"} == {world.o.classroom.pk}
    html = response.content.decode()
    section = html[html.index('id="to-enter"') :]
    assert "ภาษาไทยพื้นฐาน" in section


def test_past_roll_call_not_taken_shows_on_a_saturday(world: World, time_machine: object) -> None:
    time_machine.move_to(dt.datetime(2026, 11, 21, 10, 0, tzinfo=dt.UTC), tick=False)  # type: ignore[attr-defined]
    AttendanceMark.objects.filter(date=TODAY).delete()
    response = client_of(world.o.teacher).get(URL)
    past = response.context["past_roll_calls"]
    assert [d.day for d in past] == [TODAY]
    assert [c.pk for c in past[0].missing] == [world.o.classroom.pk]


def test_homeroom_attendance_week_by_week(world: World) -> None:
    # Week of Monday 9 Nov: kid P P A, sibling P L (5 marks, 4 attended: 80%).
    for day, status in ((9, "P"), (10, "P"), (11, "A")):
        mark(world.kid, world.o.classroom, dt.date(2026, 11, day), status)
    for day, status in ((9, "P"), (10, "L")):
        mark(world.sibling, world.o.classroom, dt.date(2026, 11, day), status)
    # ป.2/1 is not the teacher's homeroom: its marks do not count.
    mark(world.pupil, world.p21, dt.date(2026, 11, 9), "A")
    response = client_of(world.o.teacher).get(URL)
    chart = response.context["chart"]
    assert [s.name for s in chart.series] == [world.o.classroom.name]
    values = dict(zip(chart.categories, chart.series[0].values, strict=True))
    assert values["9 พ.ย. 2569"] == pytest.approx(0.8)
    # This week: kid absent today, sibling present: 50%.
    assert values["16 พ.ย. 2569"] == pytest.approx(0.5)
    # The last eight weeks with school days: the holidays between the terms (12 Oct – 1 Nov)
    # are skipped.
    assert list(chart.categories) == [
        "7 ก.ย. 2569", "14 ก.ย. 2569", "21 ก.ย. 2569", "28 ก.ย. 2569", "5 ต.ค. 2569",
        "2 พ.ย. 2569", "9 พ.ย. 2569", "16 พ.ย. 2569",
    ]  # fmt: skip
    download = client_of(world.o.teacher).get(URL, {"download": chart.id, "format": "csv"})
    assert download.status_code == 200
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert ["9 พ.ย. 2569", "80.0"] in rows


@pytest.mark.parametrize("who", ["director", "officer", "outsider_no_class", "admin"])
def test_people_who_teach_no_class_get_a_message(world: World, who: str) -> None:
    users = {
        "director": lambda: make_user("director", "director", school=world.o.school),
        "officer": lambda: world.o.officer,
        "outsider_no_class": lambda: world.o.outsider,
        "admin": lambda: world.o.admin,
    }
    response = client_of(users[who]()).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="not-a-teacher"' in html
    assert world.kid.first_name_th not in html


def test_anonymous_is_sent_to_sign_in(world: World) -> None:
    response = Client().get(URL)
    assert response.status_code == 302 and reverse("web:login") in response["Location"]


def test_home_links_teachers_to_the_dashboard(world: World) -> None:
    assert URL in client_of(world.o.teacher).get("/").content.decode()
    assert URL not in client_of(world.o.officer).get("/").content.decode()


def _grow(world: World, n: int) -> None:
    """n more classes with a course of the teacher in each, two children at risk in each, a
    roll call taken, marks over the weeks, and one more homeroom class."""
    o = world.o
    for i in range(n):
        room = _class(o, GradeLevel.P3, 1 + i)
        Course.objects.create(
            classroom=room,
            term=o.term2,
            subject=_subject(f"ค13{i:03d}", f"วิชา {i}", GradeLevel.P3),
            teacher=o.teacher_staff,
        )
        if i == 0:
            room.homeroom_teachers.add(o.teacher_staff)
        for j in range(2):
            child = admit(o, f"นักเรียน{i}", f"ที่{j}", classroom=room).student
            score(child, TODAY - dt.timedelta(days=1), "at_risk", [STREAK])
            mark(child, room, TODAY)
            mark(child, room, dt.date(2026, 11, 10), "A")


def _queries(world: World) -> int:
    from qinfo.organisations.scope import forget_scope

    forget_scope(world.o.teacher)
    client = client_of(world.o.teacher)
    client.get(URL)  # sessions, caches and the like settle once
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_a_bounded_number_of_queries(world: World) -> None:
    few = _queries(world)
    _grow(world, 5)
    many = _queries(world)
    rows = client_of(world.o.teacher).get(URL).context["classes"]
    assert len(rows) == 2 + 5 + 1  # the new homeroom class, and five more courses
    assert len(client_of(world.o.teacher).get(URL).context["at_risk"]) == 2 + 10
    assert many == few, (few, many)
    assert many <= 40
