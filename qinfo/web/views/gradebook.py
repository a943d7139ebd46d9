"""The grade book of a classroom: its courses, and one course's grid of students × items with
totals, grades, special marks, proposed มส, make-ups and the class summary (definitions §8).

Writes go through the assessment services; a refused save writes nothing and the page shows the
message with what was typed still in the grid.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from qinfo.assessment.entry import (
    ItemInput,
    ScoreInput,
    assessment_items_define,
    item_scores_record,
)
from qinfo.assessment.models import CourseResult, ItemKind, RevisionKind, SpecialMark
from qinfo.assessment.selectors import BookRow, GradeBook, grade_book
from qinfo.assessment.services import (
    MAKE_UP_MARKS,
    _may_record,
    course_result_make_up,
    course_results_compute,
    special_mark_decide,
)
from qinfo.core.errors import DomainError, PermissionDenied, error_details
from qinfo.core.thai_sort import thai_sorted_by
from qinfo.organisations.models import Classroom, Course
from qinfo.organisations.policies import classroom_policy
from qinfo.web.common import Viewer, get_or_404
from qinfo.web.present import label, pseudonym
from qinfo.web.registry import shows


@dataclass
class Line:
    """One student's row as the template shows it."""

    pk: int
    name: str
    cells: list[tuple[str, str]]  # (input name, value)
    row: BookRow
    history: list[str]
    make_up: bool = False  # a mark that a make-up can turn into a grade (ร, มส, มผ)

    @property
    def listed(self) -> bool:
        """Shown under special marks: a proposal, a mark to make up, or a history of changes."""
        result = self.row.result
        return bool(self.make_up or self.history or (result and result.proposed_mark))


def _number(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


def _lines(book: GradeBook, viewer: Viewer, typed: dict[str, str]) -> list[Line]:
    rows = book.rows
    if not viewer.deidentified:
        rows = thai_sorted_by(rows, lambda r: (r.student.first_name_th, r.student.last_name_th))
    lines = []
    for row in rows:
        pk = row.student.pk
        cells = []
        for item, score in zip(book.items, row.scores, strict=True):
            name = f"s-{pk}-{item.pk}"
            cells.append((name, typed.get(name, _number(score))))
        history = [
            f"{r.changed_at:%Y-%m-%d} · {label(RevisionKind, r.kind)}: "
            f"{r.before_grade if r.before_grade is not None else r.before_mark or '–'} → "
            f"{r.after_grade if r.after_grade is not None else r.after_mark or '–'}"
            + (f" ({r.reason})" if r.reason else "")
            for r in row.revisions
            if r.kind != RevisionKind.COMPUTED or r.before_mark or r.before_grade is not None
        ]
        name = pseudonym(pk) if viewer.deidentified else row.student.full_name_th
        mark = row.result.special_mark if row.result else ""
        lines.append(Line(pk, name, cells, row, history, make_up=mark in MAKE_UP_MARKS))
    return lines


def _scores(request: HttpRequest, book: GradeBook) -> list[ScoreInput]:
    """Every cell of the grid as posted; a blank cell is a missing score."""
    out = []
    for row in book.rows:
        for item in book.items:
            raw = request.POST.get(f"s-{row.student.pk}-{item.pk}")
            if raw is None:
                continue
            raw = raw.strip().replace(",", ".")
            value: Any = raw or None
            out.append(ScoreInput(row.student.pk, item.pk, value))
    return out


def _items(request: HttpRequest) -> list[ItemInput]:
    out = []
    for n in range(int(request.POST.get("item_rows", "0") or 0)):
        name = request.POST.get(f"item-{n}-name", "").strip()
        if not name:
            continue
        raw_id = request.POST.get(f"item-{n}-id", "")
        out.append(
            ItemInput(
                name=name,
                kind=request.POST.get(f"item-{n}-kind", ""),
                weight=request.POST.get(f"item-{n}-weight", "").strip(),  # type: ignore[arg-type]
                max_score=request.POST.get(f"item-{n}-max", "").strip(),  # type: ignore[arg-type]
                id=int(raw_id) if raw_id.isdigit() else None,
            )
        )
    return out


def _act(request: HttpRequest, viewer: Viewer, course: Course, book: GradeBook) -> str:
    """Carries out the posted action; answers the message of success."""
    action = request.POST.get("action", "")
    user = viewer.user
    if action in ("save", "compute"):
        changed = item_scores_record(actor=user, course=course, scores=_scores(request, book))
        if action == "compute":
            course_results_compute(actor=user, course=course)
            return _("Scores saved and results computed.")
        return _("Scores saved: %(n)s changed.") % {"n": changed}
    if action == "items":
        assessment_items_define(actor=user, course=course, items=_items(request))
        return _("Assessment items saved.")
    result = CourseResult.objects.filter(course=course, pk=request.POST.get("result") or 0).first()
    if result is None or result.student_id not in {r.student.pk for r in book.rows}:
        raise PermissionDenied
    reason = request.POST.get("reason", "")
    if action in ("confirm", "dismiss"):
        special_mark_decide(actor=user, result=result, confirm=action == "confirm", reason=reason)
        return _("The decision was saved.")
    if action == "makeup":
        score: Any = request.POST.get("score", "").strip() or None
        course_result_make_up(actor=user, result=result, score=score, reason=reason)
        return _("The make-up was saved.")
    raise PermissionDenied


@shows("classroom")
@login_required
@require_http_methods(["GET", "POST"])
def grade_book_page(request: HttpRequest, classroom_id: int) -> HttpResponse:
    viewer = Viewer.of(request)
    classroom: Classroom = get_or_404(classroom_policy, viewer.user, classroom_id)
    courses = list(
        Course.objects.filter(classroom=classroom)
        .select_related("subject", "term__academic_year", "teacher", "classroom")
        .order_by("term__number", "subject__code")
    )
    chosen = request.GET.get("course", "")
    course = next((c for c in courses if str(c.pk) == chosen), None)
    context: dict[str, Any] = {
        "viewer": viewer,
        "classroom": classroom,
        "school": classroom.school,
        "year": classroom.academic_year.year_be,
        "courses": courses,
        "course": course,
    }
    if course is None:
        return render(request, "web/gradebook/courses.html", context)
    book = grade_book(user=viewer.user, course=course)
    writable = bool(book.rows) and _may_record(viewer.user, course)
    typed: dict[str, str] = {}
    if request.method == "POST":
        if not writable:
            raise PermissionDenied
        try:
            done = _act(request, viewer, course, book)
        except (DomainError, ValueError) as error:
            details = error_details(error) if isinstance(error, DomainError) else []
            for detail in details or [{"message": _("The input is not valid.")}]:
                messages.error(request, detail["message"])
            typed = {k: request.POST.get(k, "") for k in request.POST if k.startswith("s-")}
        else:
            messages.success(request, done)
            url = reverse("web:grade_book", kwargs={"classroom_id": classroom.pk})
            return redirect(f"{url}?course={course.pk}")
    lines = _lines(book, viewer, typed)
    context.update(
        book=book,
        lines=lines,
        listed=any(line.listed for line in lines),
        writable=writable,
        kinds=ItemKind.choices,
        item_rows=[*book.items, None, None],
        grades=[
            (g, n, f"{100 * n / book.summary.graded:.0f}" if book.summary.graded else "")
            for g, n in book.summary.by_grade.items()
        ],
        marks=[(m, n) for m, n in book.summary.by_mark.items() if n],
        not_eligible=SpecialMark.NOT_ELIGIBLE,
    )
    return render(request, "web/gradebook/book.html", context)
