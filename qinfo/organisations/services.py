"""Writes to the organisation: networks, schools, years and terms, staff, classrooms, courses.

Every function takes the acting user, validates, writes in one transaction and leaves an audit
event (qinfo.core.services). Setting up the organisation is an administrator's job; classrooms
and courses are also set up by a school's registrar or director.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from qinfo.core.services import refuse, require, save_new
from qinfo.organisations.models import (
    AcademicYear,
    Affiliation,
    Classroom,
    Course,
    Network,
    School,
    Staff,
    Subject,
    Term,
)
from qinfo.organisations.scope import scope_for


def _require_admin(actor: Any) -> None:
    require(scope_for(actor).is_admin)


def _require_school_writer(actor: Any, school: School) -> None:
    scope = scope_for(actor)
    require(scope.is_admin or school.pk in scope.writable_school_ids)


def network_create(
    *, actor: Any, code: str, name_th: str, kind: str, name_en: str = "", province_code: str = ""
) -> Network:
    _require_admin(actor)
    network = Network(
        code=code, name_th=name_th, name_en=name_en, kind=kind, province_code=province_code
    )
    save_new(network, actor=actor)
    return network


def school_create(
    *,
    actor: Any,
    network: Network,
    code: str,
    name_th: str,
    lowest_grade: int,
    highest_grade: int,
    **fields: Any,
) -> School:
    _require_admin(actor)
    if len(code) != 10 or not code.isdigit():
        raise refuse(_("A school code has exactly 10 digits."), "school_code", "code")
    affiliation = code[:2] if code[:2] in Affiliation.values else Affiliation.OTHER
    if lowest_grade > highest_grade:
        raise refuse(
            _("The lowest grade must not be above the highest grade."),
            "school_levels",
            "highest_grade",
        )
    school = School(
        network=network,
        code=code,
        name_th=name_th,
        affiliation=affiliation,
        lowest_grade=lowest_grade,
        highest_grade=highest_grade,
        **fields,
    )
    save_new(school, actor=actor)
    return school


def check_dates_ordered(start: dt.date, end: dt.date, field: str = "end_date") -> None:
    if end <= start:
        raise refuse(_("The end date must be after the start date."), "dates_ordered", field)


def academic_year_create(
    *, actor: Any, network: Network, year_be: int, start_date: dt.date, end_date: dt.date
) -> AcademicYear:
    _require_admin(actor)
    check_dates_ordered(start_date, end_date)
    year = AcademicYear(network=network, year_be=year_be, start_date=start_date, end_date=end_date)
    save_new(year, actor=actor)
    return year


def term_create(
    *, actor: Any, academic_year: AcademicYear, number: int, start_date: dt.date, end_date: dt.date
) -> Term:
    _require_admin(actor)
    check_dates_ordered(start_date, end_date)
    if start_date < academic_year.start_date or end_date > academic_year.end_date:
        raise refuse(
            _("A term must lie inside its academic year."), "term_outside_year", "start_date"
        )
    overlapping = academic_year.terms.filter(start_date__lte=end_date, end_date__gte=start_date)
    if overlapping.exists():
        raise refuse(
            _("Terms of one academic year must not overlap."), "term_overlap", "start_date"
        )
    term = Term(
        academic_year=academic_year, number=number, start_date=start_date, end_date=end_date
    )
    save_new(term, actor=actor)
    return term


def staff_create(
    *,
    actor: Any,
    school: School,
    first_name_th: str,
    last_name_th: str,
    sex: str,
    position: str,
    user: Any = None,
    **fields: Any,
) -> Staff:
    _require_school_writer(actor, school)
    staff = Staff(
        school=school,
        first_name_th=first_name_th,
        last_name_th=last_name_th,
        sex=sex,
        position=position,
        user=user,
        **fields,
    )
    save_new(staff, actor=actor, school_id=school.pk)
    return staff


def classroom_create(
    *,
    actor: Any,
    school: School,
    academic_year: AcademicYear,
    grade_level: int,
    room: int,
    homeroom_teachers: Iterable[Staff] = (),
) -> Classroom:
    _require_school_writer(actor, school)
    if academic_year.network_id != school.network_id:
        raise refuse(
            _("The academic year belongs to another network."), "year_network", "academic_year"
        )
    if not school.lowest_grade <= grade_level <= school.highest_grade:
        raise refuse(_("The school does not offer this grade."), "grade_not_offered", "grade_level")
    teachers = list(homeroom_teachers)
    if any(t.school_id != school.pk for t in teachers):
        raise refuse(
            _("A homeroom teacher must work at the same school."),
            "teacher_school",
            "homeroom_teachers",
        )
    classroom = Classroom(
        school=school, academic_year=academic_year, grade_level=grade_level, room=room
    )
    with transaction.atomic():
        save_new(classroom, actor=actor, school_id=school.pk)
        classroom.homeroom_teachers.set(teachers)
    return classroom


def subject_create(
    *,
    actor: Any,
    code: str,
    name_th: str,
    learning_area: str,
    grade_level: int,
    name_en: str = "",
    hours_per_year: int = 40,
) -> Subject:
    _require_admin(actor)
    subject = Subject(
        code=code,
        name_th=name_th,
        name_en=name_en,
        learning_area=learning_area,
        grade_level=grade_level,
        hours_per_year=hours_per_year,
    )
    save_new(subject, actor=actor)
    return subject


def course_create(
    *,
    actor: Any,
    classroom: Classroom,
    term: Term,
    subject: Subject,
    teacher: Staff | None = None,
    hours: int = 20,
) -> Course:
    _require_school_writer(actor, classroom.school)
    if term.academic_year_id != classroom.academic_year_id:
        raise refuse(_("The term belongs to another academic year."), "term_year", "term")
    if teacher is not None and teacher.school_id != classroom.school_id:
        raise refuse(
            _("The teacher must work at the classroom's school."), "teacher_school", "teacher"
        )
    course = Course(classroom=classroom, term=term, subject=subject, teacher=teacher, hours=hours)
    save_new(course, actor=actor, school_id=classroom.school_id)
    return course
