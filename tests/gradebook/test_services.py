"""The grade book's services: items, scores, computed results, มส decisions, make-up, ratings.
Every refusal writes nothing at all (row counts of the audit, assessment and attendance apps)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from qinfo.assessment.entry import (
    ItemInput,
    RatingInput,
    ScoreInput,
    assessment_items_define,
    item_scores_record,
    ratings_record,
)
from qinfo.assessment.models import CourseResult, ItemScore, Rating, ResultRevision
from qinfo.assessment.services import (
    course_result_make_up,
    course_results_compute,
    special_mark_decide,
)
from qinfo.audit.models import AuditEvent
from qinfo.core.errors import PermissionDenied

from .conftest import Book, admit, refused, row_counts

D = Decimal


def scores(book: Book, values: dict[int, tuple[str | None, str | None]]) -> list[ScoreInput]:
    out = []
    for index, (coursework, final) in values.items():
        sid = book.students[index].pk
        out.append(
            ScoreInput(sid, book.coursework.pk, None if coursework is None else D(coursework))
        )
        out.append(ScoreInput(sid, book.final.pk, None if final is None else D(final)))
    return out


def result(book: Book, index: int) -> CourseResult:
    return CourseResult.objects.get(course=book.course, student=book.students[index])


# Items ------------------------------------------------------------------------------------


def test_items_weights_must_total_100(book: Book) -> None:
    items = [ItemInput("งาน", "coursework", D(60), D(60)), ItemInput("สอบ", "final", D(30), D(30))]
    error = refused(
        lambda: assessment_items_define(actor=book.o.teacher, course=book.course, items=items),
        "weights_total",
    )
    with translation.override("en"):
        assert "total 100" in " ".join(str(m) for m in error.messages)


@pytest.mark.parametrize(
    ("item", "code"),
    [
        (ItemInput("งาน", "coursework", D(100), D(0)), "max_score"),
        (ItemInput("งาน", "coursework", D(0), D(10)), "weight"),
        (ItemInput("", "coursework", D(100), D(10)), "item_name"),
        (ItemInput("งาน", "quiz", D(100), D(10)), "item_kind"),
        (ItemInput("งาน", "coursework", D("100.001"), D(10)), "decimals"),
    ],
)
def test_bad_items_are_refused(book: Book, item: ItemInput, code: str) -> None:
    refused(
        lambda: assessment_items_define(actor=book.o.teacher, course=book.course, items=[item]),
        code,
    )


def test_items_can_be_redefined_and_an_item_of_another_course_is_refused(book: Book) -> None:
    other = ItemInput("x", "final", D(100), D(10), id=book.coursework.pk)
    refused(
        lambda: assessment_items_define(actor=book.o.teacher, course=book.activity, items=[other]),
        "item_other_course",
    )
    saved = assessment_items_define(
        actor=book.o.teacher,
        course=book.course,
        items=[
            ItemInput("งานระหว่างภาค", "coursework", D(50), D(50), id=book.coursework.pk),
            ItemInput("สอบกลางภาค", "midterm", D(20), D(20)),
            ItemInput("สอบปลายภาค", "final", D(30), D(30), id=book.final.pk),
        ],
    )
    assert [i.name for i in saved] == ["งานระหว่างภาค", "สอบกลางภาค", "สอบปลายภาค"]
    assert saved[0].pk == book.coursework.pk and saved[0].weight == 50


def test_an_item_with_scores_cannot_be_removed(book: Book) -> None:
    item_scores_record(
        actor=book.o.teacher, course=book.course, scores=scores(book, {0: ("60", "25")})
    )
    only = [ItemInput("งานระหว่างภาค", "coursework", D(100), D(70), id=book.coursework.pk)]
    refused(
        lambda: assessment_items_define(actor=book.o.teacher, course=book.course, items=only),
        "item_has_scores",
    )


# Scores -----------------------------------------------------------------------------------


def test_scores_are_recorded_as_a_whole(book: Book) -> None:
    changed = item_scores_record(
        actor=book.o.teacher, course=book.course, scores=scores(book, {0: ("60", "25.5")})
    )
    assert changed == 2
    assert {s.score for s in ItemScore.objects.all()} == {D(60), D("25.5")}
    # Clearing a score removes it; the audit event keeps the old value.
    item_scores_record(
        actor=book.o.teacher,
        course=book.course,
        scores=[ScoreInput(book.students[0].pk, book.final.pk, None)],
    )
    assert ItemScore.objects.count() == 1
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None
    assert event.changes["changed"] == {f"{book.students[0].pk}:{book.final.pk}": ["25.50", None]}


@pytest.mark.parametrize(
    ("bad", "code"),
    [
        (("70.01", "10"), "score_above_max"),
        (("-1", "10"), "score_negative"),
        (("10.123", "10"), "decimals"),
    ],
)
def test_one_bad_score_refuses_the_whole_batch(book: Book, bad: tuple[str, str], code: str) -> None:
    batch = scores(book, {0: ("60", "25"), 1: bad, 2: ("40", "20")})
    refused(
        lambda: item_scores_record(actor=book.o.teacher, course=book.course, scores=batch), code
    )
    assert not ItemScore.objects.exists()


def test_a_student_not_enrolled_or_an_item_of_another_course_is_refused(book: Book) -> None:
    outsider = admit(book.o, "นอก", "ห้อง", classroom=book.o.other_classroom).student
    batch = [ScoreInput(outsider.pk, book.coursework.pk, D(10))]
    refused(
        lambda: item_scores_record(actor=book.o.teacher, course=book.course, scores=batch),
        "student_not_enrolled",
    )
    batch = [ScoreInput(book.students[0].pk, book.coursework.pk, D(10))]
    refused(
        lambda: item_scores_record(actor=book.o.teacher, course=book.activity, scores=batch),
        "item_other_course",
    )


def test_only_the_course_teacher_registrar_director_or_admin_record(book: Book) -> None:
    batch = scores(book, {0: ("60", "25")})
    for user in (book.o.outsider, book.o.officer):
        before = row_counts()
        with pytest.raises(PermissionDenied):
            item_scores_record(actor=user, course=book.course, scores=batch)
        assert row_counts() == before
    assert item_scores_record(actor=book.o.registrar, course=book.course, scores=batch) == 2


# Results ----------------------------------------------------------------------------------


def test_results_follow_the_items_attendance_and_missing_work(book: Book) -> None:
    item_scores_record(
        actor=book.o.teacher,
        course=book.course,
        scores=scores(book, {0: ("55.5", "24"), 1: ("50", "20"), 2: ("40", "10"), 3: ("60", None)}),
    )
    course_results_compute(actor=book.o.teacher, course=book.course)
    full = result(book, 0)
    assert (full.score, full.grade, full.special_mark, full.proposed_mark) == (
        D("79.50"), D("3.5"), "", "",
    )  # fmt: skip
    seventy = result(book, 1)  # 70% attendance: graded, and มส proposed
    assert (seventy.grade, seventy.special_mark, seventy.proposed_mark) == (D("3"), "", "มส")
    assert seventy.attendance == D("70.00")
    missing = result(book, 3)  # no final score: ร; no attendance marks: nothing proposed
    assert (missing.grade, missing.special_mark, missing.proposed_mark) == (None, "ร", "")
    assert ResultRevision.objects.filter(kind="computed").count() == 4
    # Computing again changes nothing and adds no revision.
    assert course_results_compute(actor=book.o.teacher, course=book.course) == []
    assert ResultRevision.objects.count() == 4


def test_confirming_and_dismissing_a_proposed_not_eligible(book: Book) -> None:
    item_scores_record(
        actor=book.o.teacher,
        course=book.course,
        scores=scores(book, {1: ("50", "20"), 2: ("5", "1")}),
    )
    course_results_compute(actor=book.o.teacher, course=book.course)
    confirmed = special_mark_decide(actor=book.o.teacher, result=result(book, 1), confirm=True)
    assert (confirmed.grade, confirmed.special_mark, confirmed.proposed_mark) == (None, "มส", "")
    refused(
        lambda: special_mark_decide(actor=book.o.teacher, result=result(book, 2), confirm=False),
        "reason_required",
    )
    kept = special_mark_decide(
        actor=book.o.registrar, result=result(book, 2), confirm=False, reason="ลาป่วยมีใบรับรองแพทย์"
    )
    assert (kept.grade, kept.special_mark, kept.proposed_mark) == (D(0), "", "")
    # A decided result is left alone when the course is computed again.
    course_results_compute(actor=book.o.teacher, course=book.course)
    assert result(book, 1).special_mark == "มส"
    history = list(
        ResultRevision.objects.filter(result=result(book, 1)).values_list(
            "kind", "before_grade", "after_mark"
        )
    )
    assert history == [("computed", None, ""), ("confirmed", D("3"), "มส")]


def test_make_up_turns_marks_into_grades_and_keeps_the_history(book: Book) -> None:
    item_scores_record(
        actor=book.o.teacher,
        course=book.course,
        scores=scores(book, {0: ("60", None), 1: ("50", "20"), 2: ("40", "10")}),
    )
    course_results_compute(actor=book.o.teacher, course=book.course)
    for index in (1, 2):
        special_mark_decide(actor=book.o.teacher, result=result(book, index), confirm=True)
    incomplete = course_result_make_up(
        actor=book.o.teacher, result=result(book, 0), score=D("77"), reason="ส่งงานครบ"
    )
    assert (incomplete.grade, incomplete.special_mark) == (D("3.5"), "")
    capped = course_result_make_up(
        actor=book.o.teacher, result=result(book, 1), score=D("90"), reason="เรียนซ่อมเสริม"
    )
    assert (capped.grade, capped.special_mark) == (D(1), "")  # มส made up: at most 1
    refused(
        lambda: course_result_make_up(
            actor=book.o.teacher, result=result(book, 2), score=D("90"), reason="เรียนซ่อม"
        ),
        "make_up_attendance",
    )  # 50% attendance: the course is repeated
    refused(
        lambda: course_result_make_up(
            actor=book.o.teacher, result=result(book, 0), score=D("90"), reason="อีกครั้ง"
        ),
        "not_made_up",
    )
    kinds = list(
        ResultRevision.objects.filter(result=result(book, 0)).values_list(
            "kind", "before_mark", "after_grade"
        )
    )
    assert kinds == [("computed", "", None), ("make_up", "ร", D("3.5"))]


def test_activities_get_pass_or_not_pass(book: Book) -> None:
    course_results_compute(actor=book.o.teacher, course=book.activity)
    marks = {
        r.student_id: r.special_mark for r in CourseResult.objects.filter(course=book.activity)
    }
    ids = [s.pk for s in book.students]
    assert [marks[i] for i in ids] == ["ผ", "มผ", "มผ", "ผ"]
    assert not CourseResult.objects.filter(course=book.activity, grade__isnull=False).exists()


def test_a_graded_course_without_items_is_not_computed(book: Book) -> None:
    book.course.assessment_items.all().delete()
    refused(lambda: course_results_compute(actor=book.o.teacher, course=book.course), "no_items")


# Ratings ----------------------------------------------------------------------------------


def test_ratings_per_student_per_term(book: Book) -> None:
    sid = book.students[0].pk
    batch = [RatingInput(sid, "rtw", 3), RatingInput(sid, "honest", 2)]
    assert (
        ratings_record(
            actor=book.o.teacher, classroom=book.o.classroom, term=book.o.term1, ratings=batch
        )
        == 2
    )
    assert ratings_record(
        actor=book.o.teacher, classroom=book.o.classroom, term=book.o.term1,
        ratings=[RatingInput(sid, "rtw", 1)],
    ) == 1  # fmt: skip
    assert dict(Rating.objects.values_list("trait", "level")) == {"rtw": 1, "honest": 2}


@pytest.mark.parametrize(
    ("rating", "code"),
    [(("rtw", 4), "level"), (("kindness", 2), "trait")],
)
def test_bad_ratings_are_refused(book: Book, rating: tuple[str, int], code: str) -> None:
    batch = [
        RatingInput(book.students[0].pk, "honest", 2),
        RatingInput(book.students[1].pk, *rating),
    ]
    refused(
        lambda: ratings_record(
            actor=book.o.teacher, classroom=book.o.classroom, term=book.o.term1, ratings=batch
        ),
        code,
    )


def test_ratings_of_a_student_outside_the_class_are_refused(book: Book) -> None:
    outsider = admit(book.o, "นอก", "ห้อง", classroom=book.o.other_classroom).student
    refused(
        lambda: ratings_record(
            actor=book.o.teacher, classroom=book.o.classroom, term=book.o.term1,
            ratings=[RatingInput(outsider.pk, "rtw", 2)],
        ),
        "student_not_enrolled",
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        ratings_record(
            actor=book.o.outsider, classroom=book.o.classroom, term=book.o.term1, ratings=[]
        )
