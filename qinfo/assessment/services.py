"""Recording a course result: a score with its grade, or a special mark (ร, มส, ผ, มผ)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qinfo.assessment.grading import grade_for_score
from qinfo.assessment.models import GRADES, CourseResult, SpecialMark
from qinfo.core.services import field_values, refuse, require, save_changes, save_new
from qinfo.enrolment.models import Enrolment
from qinfo.organisations.models import Course, LearningArea
from qinfo.organisations.scope import scope_for
from qinfo.people.models import Student

ACTIVITY_MARKS = frozenset({SpecialMark.PASS, SpecialMark.FAIL})


def _may_record(actor: Any, course: Course) -> bool:
    scope = scope_for(actor)
    return (
        scope.is_admin
        or course.classroom.school_id in scope.writable_school_ids
        or (course.teacher is not None and course.teacher.user_id == getattr(actor, "pk", None))
    )


def course_result_record(
    *,
    actor: Any,
    course: Course,
    student: Student,
    score: Decimal | None = None,
    grade: Decimal | None = None,
    special_mark: str = "",
) -> CourseResult:
    require(_may_record(actor, course))
    term = course.term
    enrolled = Enrolment.objects.filter(
        student=student, classroom_id=course.classroom_id, start_date__lte=term.end_date
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=term.start_date))
    if not enrolled.exists():
        raise refuse(
            _("The student was not enrolled in this course's class during the term."),
            "student_not_enrolled",
            "student",
        )
    if score is not None and not Decimal(0) <= Decimal(score) <= Decimal(100):
        raise refuse(_("A score must be between 0 and 100."), "score_range", "score")
    if special_mark and special_mark not in SpecialMark.values:
        raise refuse(_("Unknown special mark."), "special_mark", "special_mark")
    is_activity = course.subject.learning_area == LearningArea.ACTIVITY
    if is_activity and grade is not None:
        raise refuse(
            _("Learner-development activities get pass or not pass, not a grade."),
            "activity_grade",
            "grade",
        )
    if special_mark in ACTIVITY_MARKS and not is_activity:
        raise refuse(
            _("Pass and not pass (ผ, มผ) are for learner-development activities only."),
            "activity_mark",
            "special_mark",
        )
    if special_mark and grade is not None:
        raise refuse(
            _("Give either a grade or a special mark, not both."), "grade_and_mark", "grade"
        )
    if grade is None and score is not None and not special_mark and not is_activity:
        grade = grade_for_score(score)
    if grade is not None and Decimal(grade) not in GRADES:
        raise refuse(_("A grade is 0 to 4 in steps of 0.5."), "grade_steps", "grade")

    result = CourseResult.objects.filter(student=student, course=course).first()
    if result is None:
        result = CourseResult(
            student=student,
            course=course,
            term=term,
            school_id=course.classroom.school_id,
            score=score,
            grade=grade,
            special_mark=special_mark,
            recorded_by=actor,
        )
        save_new(result, actor=actor, school_id=result.school_id)
        return result
    before = field_values(result)
    result.score, result.grade, result.special_mark = score, grade, special_mark
    result.recorded_by = actor
    save_changes(result, actor=actor, before=before, school_id=result.school_id)
    return result
