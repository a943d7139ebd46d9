"""Writing course results: a result recorded directly, the grade book's results computed from
its items (docs/definitions.md §8), decisions on proposed มส, and the make-up of ร, มส and มผ.

Every change of a result adds a ``ResultRevision`` (before, after, why, who, when), so the
previous value of a result is never lost. Items, scores and ratings: ``qinfo.assessment.entry``.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qinfo.assessment import rules
from qinfo.assessment.grading import grade_for_score
from qinfo.assessment.models import (
    GRADES,
    AssessmentItem,
    CourseResult,
    ItemScore,
    ResultRevision,
    RevisionKind,
    SpecialMark,
)
from qinfo.attendance.selectors import course_attendance_rates
from qinfo.audit.models import AuditAction
from qinfo.audit.services import audit_record
from qinfo.core.services import field_values, refuse, require, save_changes, save_new
from qinfo.enrolment.models import Enrolment
from qinfo.organisations.models import Course, LearningArea, Term
from qinfo.organisations.scope import scope_for
from qinfo.people.models import Student

ACTIVITY_MARKS = frozenset({SpecialMark.PASS, SpecialMark.FAIL})
MAKE_UP_MARKS = frozenset({SpecialMark.INCOMPLETE, SpecialMark.NOT_ELIGIBLE, SpecialMark.FAIL})


def _may_record(actor: Any, course: Course) -> bool:
    scope = scope_for(actor)
    return (
        scope.is_admin
        or course.classroom.school_id in scope.writable_school_ids
        or (course.teacher is not None and course.teacher.user_id == getattr(actor, "pk", None))
    )


def _decimal(value: Any, field: str) -> Decimal:
    """A number typed or sent by a user, with at most two decimals."""
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise refuse(_("Enter a number."), "not_a_number", field) from exc
    if not number.is_finite() or number != number.quantize(rules.CENT):
        raise refuse(_("A number has at most two decimals."), "decimals", field)
    return number


def is_activity(course: Course) -> bool:
    return course.subject.learning_area == LearningArea.ACTIVITY


def course_students(course: Course) -> dict[int, bool]:
    """Students enrolled in the course's classroom on some day of its term, each with whether
    they were still in the class on the term's last day (only those get a computed result)."""
    term = course.term
    rows = (
        Enrolment.objects.filter(classroom_id=course.classroom_id, start_date__lte=term.end_date)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=term.start_date))
        .values_list("student_id", "end_date")
    )
    stays: dict[int, bool] = {}
    for student_id, end in rows:
        stays[student_id] = stays.get(student_id, False) or end is None or end >= term.end_date
    return stays


def _values(result: CourseResult) -> tuple[Decimal | None, Decimal | None, str]:
    return result.score, result.grade, result.special_mark


def _revision(
    result: CourseResult,
    before: tuple[Decimal | None, Decimal | None, str],
    *,
    kind: str,
    actor: Any,
    reason: str = "",
) -> ResultRevision:
    return ResultRevision(
        result=result,
        student_id=result.student_id,
        school_id=result.school_id,
        kind=kind,
        reason=reason,
        before_score=before[0],
        before_grade=before[1],
        before_mark=before[2],
        after_score=result.score,
        after_grade=result.grade,
        after_mark=result.special_mark,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        changed_at=timezone.now(),
    )


def course_result_record(
    *,
    actor: Any,
    course: Course,
    student: Student,
    score: Decimal | None = None,
    grade: Decimal | None = None,
    special_mark: str = "",
    reason: str = "",
) -> CourseResult:
    require(_may_record(actor, course))
    term = course.term
    if student.pk not in course_students(course):
        raise refuse(
            _("The student was not enrolled in this course's class during the term."),
            "student_not_enrolled",
            "student",
        )
    if score is not None and not Decimal(0) <= Decimal(score) <= Decimal(100):
        raise refuse(_("A score must be between 0 and 100."), "score_range", "score")
    if special_mark and special_mark not in SpecialMark.values:
        raise refuse(_("Unknown special mark."), "special_mark", "special_mark")
    activity = is_activity(course)
    if activity and grade is not None:
        raise refuse(
            _("Learner-development activities get pass or not pass, not a grade."),
            "activity_grade",
            "grade",
        )
    if special_mark in ACTIVITY_MARKS and not activity:
        raise refuse(
            _("Pass and not pass (ผ, มผ) are for learner-development activities only."),
            "activity_mark",
            "special_mark",
        )
    if special_mark and grade is not None:
        raise refuse(
            _("Give either a grade or a special mark, not both."), "grade_and_mark", "grade"
        )
    if grade is None and score is not None and not special_mark and not activity:
        grade = grade_for_score(score)
    if grade is not None and Decimal(grade) not in GRADES:
        raise refuse(_("A grade is 0 to 4 in steps of 0.5."), "grade_steps", "grade")

    result = CourseResult.objects.filter(student=student, course=course).first()
    with transaction.atomic():
        if result is None:
            result = CourseResult(
                student=student,
                course=course,
                term=term,
                school_id=course.classroom.school_id,
                score=score,
                grade=grade,
                special_mark=special_mark,
                decided=True,
                recorded_by=actor,
            )
            save_new(result, actor=actor, school_id=result.school_id)
            _revision(result, (None, None, ""), kind=RevisionKind.RECORDED, actor=actor).save()
            return result
        before = field_values(result)
        old = _values(result)
        result.score, result.grade, result.special_mark = score, grade, special_mark
        result.proposed_mark, result.decided, result.recorded_by = "", True, actor
        save_changes(result, actor=actor, before=before, school_id=result.school_id)
        if _values(result) != old:
            _revision(result, old, kind=RevisionKind.RECORDED, actor=actor, reason=reason).save()
    return result


def course_results_compute(*, actor: Any, course: Course) -> list[CourseResult]:
    """Computes the result of every student still in the class at the term's end from the
    items, their scores and the course attendance (§8). Results a person decided are kept."""
    require(_may_record(actor, course))
    items = list(AssessmentItem.objects.filter(course=course))
    activity = is_activity(course)
    if not items and not activity:
        raise refuse(
            _("Define the course's assessment items before computing results."),
            "no_items",
            "items",
        )
    students = [sid for sid, stays in course_students(course).items() if stays]
    scores = {
        (row.student_id, row.item_id): row.score
        for row in ItemScore.objects.filter(item__course=course, student_id__in=students)
    }
    attendance = course_attendance_rates(course, students)
    limits = rules.load_thresholds()
    existing = {r.student_id: r for r in CourseResult.objects.filter(course=course)}
    school_id = course.classroom.school_id
    changed: list[CourseResult] = []
    revisions: list[ResultRevision] = []
    with transaction.atomic():
        for student_id in students:
            parts = [
                rules.Part(item.weight, item.max_score, scores.get((student_id, item.pk)))
                for item in items
            ]
            rate = attendance.get(student_id)
            got = rules.outcome(activity=activity, parts=parts, attendance=rate, limits=limits)
            result = existing.get(student_id)
            if result is not None and result.decided:
                continue
            if result is None:
                result = CourseResult(
                    student_id=student_id, course=course, term_id=course.term_id,
                    school_id=school_id,
                )  # fmt: skip
            old = (None, None, "") if result.pk is None else _values(result)
            before = (*old, result.proposed_mark, result.attendance)
            result.score, result.grade, result.special_mark = got.score, got.grade, got.mark
            result.proposed_mark = got.proposed
            result.attendance = None if rate is None else Decimal(str(round(rate, 2)))
            if result.pk is not None and (*_values(result), result.proposed_mark) == before[:4]:
                continue
            result.recorded_by = actor
            result.save()
            changed.append(result)
            if _values(result) != old:
                revisions.append(_revision(result, old, kind=RevisionKind.COMPUTED, actor=actor))
        ResultRevision.objects.bulk_create(revisions)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            target=course,
            school_id=school_id,
            changes={"computed": len(students), "changed": len(changed)},
        )
    return changed


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise refuse(_("Give a reason for this change."), "reason_required", "reason")
    if len(reason) > 300:
        raise refuse(_("The reason is too long (300 characters at most)."), "reason_long", "reason")
    return reason


def _save_decision(
    result: CourseResult, before: dict[str, Any], *, actor: Any, kind: str, reason: str
) -> None:
    old = (before["score"], before["grade"], before["special_mark"])
    result.decided, result.recorded_by = True, actor
    with transaction.atomic():
        save_changes(result, actor=actor, before=before, school_id=result.school_id)
        _revision(result, old, kind=kind, actor=actor, reason=reason).save()


def special_mark_decide(
    *, actor: Any, result: CourseResult, confirm: bool, reason: str = ""
) -> CourseResult:
    """Confirms a proposed มส (the result becomes มส) or dismisses it (a reason is needed)."""
    require(_may_record(actor, result.course))
    if not result.proposed_mark:
        raise refuse(_("Nothing is proposed for this result."), "no_proposal", "result")
    reason = (reason or "").strip()[:300] if confirm else _reason(reason)
    before = field_values(result)
    if confirm:
        result.score, result.grade, result.special_mark = None, None, result.proposed_mark
    result.proposed_mark = ""
    kind = RevisionKind.CONFIRMED if confirm else RevisionKind.DISMISSED
    _save_decision(result, before, actor=actor, kind=kind, reason=reason)
    return result


def _next_term(term: Term) -> Term | None:
    return (
        Term.objects.filter(
            academic_year__network_id=term.academic_year.network_id,
            start_date__gt=term.end_date,
        )
        .order_by("start_date")
        .first()
    )


def course_result_make_up(
    *, actor: Any, result: CourseResult, score: Decimal, reason: str
) -> CourseResult:
    """Turns ร, มส or มผ into a grade (or ผ) after make-up work or study (§8)."""
    require(_may_record(actor, result.course))
    reason = _reason(reason)
    if result.special_mark not in MAKE_UP_MARKS:
        raise refuse(
            _("Only a result of ร, มส or มผ can be made up."), "not_made_up", "special_mark"
        )
    if score is None:
        raise refuse(_("Enter the make-up score."), "score_required", "score")
    score = _decimal(score, "score")
    if not Decimal(0) <= score <= Decimal(100):
        raise refuse(_("A score must be between 0 and 100."), "score_range", "score")
    if result.special_mark == SpecialMark.INCOMPLETE:
        following = _next_term(result.term)
        if following is not None and timezone.localdate() > following.end_date:
            raise refuse(
                _("An incomplete (ร) can be made up only until the end of the next term."),
                "make_up_late",
                "result",
            )
    attendance: float | Decimal | None = result.attendance
    if attendance is None and result.special_mark == SpecialMark.NOT_ELIGIBLE:
        attendance = course_attendance_rates(result.course, [result.student_id]).get(
            result.student_id
        )
    got = rules.make_up_outcome(
        mark=result.special_mark, score=score, attendance=attendance, limits=rules.load_thresholds()
    )
    if got is None:
        raise refuse(
            _("Attendance was below the make-up threshold: the course must be repeated."),
            "make_up_attendance",
            "result",
        )
    before = field_values(result)
    result.score, result.grade, result.special_mark = got.score, got.grade, got.mark
    result.proposed_mark = ""
    _save_decision(result, before, actor=actor, kind=RevisionKind.MAKE_UP, reason=reason)
    return result
