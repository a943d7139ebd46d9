"""Expected and entered entries on the hand-built school of conftest.py, counted by hand.

School days: term 1 has 10 in May (18–29), 22 in June, 23 in July, 21 in August, 22 in September
and 7 in October (1–9); November up to today has 15 weekdays less the non-school day of the
16th: 14 (2–6, 9–13, 17–20).
Expected daily marks in November: A 14 + B 14 + C 9 (from the 9th) + D 9 (2–12) = 46.
Each month of term 1: A, B and D, so 3 × the school days.
Grades: term 1 has ended; A, B and D were in the class on its last day (C came later): 2 courses
× 3 = 6 results expected. Thai: A has a grade, B a ร (entered), D only a score (not entered): 2.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from qinfo.assessment.models import CourseResult, SpecialMark
from qinfo.attendance.services import MarkInput, attendance_record
from qinfo.care.models import HomeVisit
from qinfo.completeness.frame import EVERYTHING, Frame, Tally, frame_for
from qinfo.completeness.kinds import ATTENDANCE, GRADES
from qinfo.completeness.rollcall import roll_call_days
from qinfo.completeness.selectors import month_table, still_to_enter, teacher_narrow
from qinfo.organisations.models import School as SchoolRow
from qinfo.wellbeing.models import HealthMeasurement, SdqForm, SdqScreening
from tests.completeness.conftest import TODAY, School

NOV, OCT = dt.date(2026, 11, 1), dt.date(2026, 10, 1)


def _marks(s: School, day: dt.date, *enrolments: object) -> None:
    marks = [MarkInput(e.student_id, "P") for e in enrolments]  # type: ignore[attr-defined]
    attendance_record(actor=s.o.registrar, classroom=s.o.classroom, date=day, marks=marks)


def _frame(s: School) -> Frame:
    return frame_for(SchoolRow.objects.filter(pk=s.o.school.pk), 2569, TODAY)


def _results(s: School) -> None:
    common = {"course": s.thai, "term": s.o.term1, "school": s.o.school}
    CourseResult.objects.create(
        student_id=s.a.student_id, score=Decimal(81), grade=Decimal(4), **common
    )
    CourseResult.objects.create(
        student_id=s.b.student_id, special_mark=SpecialMark.INCOMPLETE, **common
    )
    CourseResult.objects.create(student_id=s.d.student_id, score=Decimal(40), **common)


def test_attendance_expected_and_entered_by_month(school: School) -> None:
    s = school
    _marks(s, dt.date(2026, 11, 2), s.a, s.b, s.d)
    _marks(s, dt.date(2026, 11, 9), s.a, s.b, s.c, s.d)
    attendance_record(  # the other school's mark counts there, not here
        actor=s.o.admin,
        classroom=s.o.other_classroom,
        date=dt.date(2026, 11, 2),
        marks=[MarkInput(s.e.student_id, "P")],
    )
    cells = ATTENDANCE.tally(_frame(s))
    by_month = {month: tally for (_, month), tally in cells.items()}
    assert by_month[NOV] == Tally(46, 7)
    assert by_month[OCT] == Tally(21, 0)
    assert by_month[dt.date(2026, 5, 1)] == Tally(30, 0)
    assert sum(by_month.values(), Tally()) == Tally(30 + 66 + 69 + 63 + 66 + 21 + 46, 7)
    other = frame_for(SchoolRow.objects.filter(pk=s.o.other_school.pk), 2569, TODAY)
    assert ATTENDANCE.tally(other)[(s.o.other_school.pk, NOV)] == Tally(14, 1)


def test_period_marks_do_not_count_as_daily_marks(school: School) -> None:
    s = school
    _marks(s, dt.date(2026, 11, 9), s.a, s.b, s.c, s.d)
    SchoolRow.objects.filter(pk=s.o.school.pk).update(period_attendance=True)
    s.o.classroom.school.refresh_from_db()
    attendance_record(
        actor=s.o.registrar,
        classroom=s.o.classroom,
        date=dt.date(2026, 11, 9),
        marks=[MarkInput(e.student_id, "P") for e in (s.a, s.b, s.c)],
        period=1,
        course=s.later,
    )
    cells = ATTENDANCE.tally(_frame(s))
    assert cells[(s.o.school.pk, NOV)] == Tally(46, 4)


def test_grades_expected_when_the_term_has_ended(school: School) -> None:
    s = school
    _results(s)
    cells = GRADES.tally(_frame(s))
    assert cells == {(s.o.school.pk, OCT): Tally(6, 2)}  # term 2 has not ended: nothing due


def test_month_table_rows_and_totals(school: School) -> None:
    s = school
    _results(s)
    table = month_table(_frame(s))
    assert [row.month.month for row in table.rows] == [5, 6, 7, 8, 9, 10, 11]
    october = table.rows[5].cells
    assert october[:2] == [Tally(21, 0), Tally(6, 2)]
    assert table.rows[6].cells[:2] == [Tally(46, 0), None]
    assert table.totals[1] == Tally(6, 2)


def test_a_saved_roll_call_leaves_the_list(school: School) -> None:
    s = school
    frame = _frame(s)
    (day,) = roll_call_days(frame, EVERYTHING)
    assert (day.day, day.is_today, day.checked) == (TODAY, True, 1)
    assert [c.pk for c in day.missing] == [s.o.classroom.pk]
    attendance_record(
        actor=s.o.teacher,
        classroom=s.o.classroom,
        date=TODAY,
        marks=[MarkInput(e.student_id, "P") for e in (s.a, s.b, s.c)],
    )
    (day,) = roll_call_days(frame, EVERYTHING)
    assert (day.checked, day.taken, day.missing) == (1, 1, [])


def test_still_to_enter_for_the_teacher_and_for_the_school(school: School) -> None:
    s = school
    _results(s)
    frame = _frame(s)
    mine = still_to_enter(frame, teacher_narrow(s.o.teacher, frame))
    assert [c.pk for c in mine.roll_calls[0].missing] == [s.o.classroom.pk]
    grades = [g for g in mine.gaps if g.kind.code == "grades"]
    assert [(g.course, g.unit.tally) for g in grades] == [(s.thai, Tally(3, 2))]
    everything = still_to_enter(frame)
    assert {(g.course, g.unit.tally) for g in everything.gaps if g.course} == {
        (s.thai, Tally(3, 2)),
        (s.maths, Tally(3, 0)),
    }


def _wellbeing(s: School) -> None:
    """A measured in term 1, C in term 2; a teacher SDQ for B (in term 2: any time of the year
    counts) and a parent SDQ for A (not the teacher form); a home visit to D."""
    room = {"school": s.o.school, "classroom": s.o.classroom}
    for enrolment, term, day in ((s.a, s.o.term1, (6, 1)), (s.c, s.o.term2, (11, 10))):
        HealthMeasurement.objects.create(
            student_id=enrolment.student_id, term=term, date=dt.date(2026, *day),
            weight_kg=Decimal("20.0"), height_cm=Decimal("115.0"), age_days=2600,
            bmi=Decimal("15.12"), **room,
        )  # fmt: skip
    for enrolment, form in ((s.b, SdqForm.TEACHER), (s.a, SdqForm.PARENT)):
        SdqScreening.objects.create(
            student_id=enrolment.student_id, date=dt.date(2026, 11, 3), form=form,
            answers="0" * 25, emotional=0, conduct=0, hyperactivity=0, peer=0, prosocial=0,
            total=0, **room,
        )  # fmt: skip
    HomeVisit.objects.create(
        student_id=s.d.student_id, academic_year=s.o.year, date=dt.date(2026, 7, 1)
    )


def test_health_sdq_and_home_visits(school: School) -> None:
    """Due on 9 October (term 1's end, and the first term's end for the yearly ones): A, B and D
    were enrolled then, so 3 each; one of each is entered. Term 2's health is open, not due."""
    s = school
    _results(s)
    _wellbeing(s)
    table = month_table(_frame(s))
    assert [kind.code for kind in table.kinds] == [
        "attendance", "grades", "health", "sdq", "home_visits",
    ]  # fmt: skip
    assert table.rows[5].cells == [Tally(21, 0), Tally(6, 2), Tally(3, 1), Tally(3, 1), Tally(3, 1)]
    assert table.rows[6].cells == [Tally(46, 0), None, None, None, None]
    # Still to enter: term 2's health counts who is enrolled today (A, B, C), C is measured.
    mine = still_to_enter(_frame(s), teacher_narrow(s.o.teacher, _frame(s)))
    found = {(g.kind.code, g.unit.due): g.unit.tally for g in mine.gaps}
    assert found == {
        ("grades", dt.date(2026, 10, 9)): Tally(3, 2),
        ("health", dt.date(2026, 10, 9)): Tally(3, 1),
        ("health", dt.date(2027, 3, 31)): Tally(3, 1),
        ("sdq", dt.date(2026, 10, 9)): Tally(3, 1),
        ("home_visits", dt.date(2026, 10, 9)): Tally(3, 1),
    }


def test_since_limits_daily_marks_to_this_month(school: School) -> None:
    s = school
    _marks(s, dt.date(2026, 11, 2), s.a, s.b, s.d)
    frame = frame_for(SchoolRow.objects.filter(pk=s.o.school.pk), 2569, TODAY, since=NOV)
    assert ATTENDANCE.tally(frame) == {(s.o.school.pk, NOV): Tally(46, 3)}
