"""The grade book page: the class's courses, the grid, saving, computing, proposals, make-up,
the summary, a refused save that writes nothing, and a class the user does not teach."""

from __future__ import annotations

from decimal import Decimal

from django.test import Client
from django.urls import reverse

from qinfo.assessment.models import CourseResult, ItemScore
from qinfo.organisations.models import Staff
from tests.services.conftest import make_user

from .conftest import Book, row_counts


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def url(book: Book) -> str:
    return reverse("web:grade_book", kwargs={"classroom_id": book.o.classroom.pk})


def grid(book: Book, values: dict[int, tuple[str, str]]) -> dict[str, str]:
    data = {}
    for index, (coursework, final) in values.items():
        sid = book.students[index].pk
        data[f"s-{sid}-{book.coursework.pk}"] = coursework
        data[f"s-{sid}-{book.final.pk}"] = final
    return data


def test_without_a_course_the_page_lists_the_class_courses(book: Book) -> None:
    html = client_for(book.o.teacher).get(url(book)).content.decode()
    assert "ท11101" in html and "ก11901" in html
    assert f"?course={book.course.pk}" in html


def test_a_registrar_saves_scores_computes_and_sees_grades(book: Book) -> None:
    client = client_for(book.o.registrar)
    page = f"{url(book)}?course={book.course.pk}"
    html = client.get(page).content.decode()
    assert "กมล ทดสอบ" in html and 'name="s-' in html
    data = grid(book, {0: ("62", "20"), 1: ("50", "20"), 2: ("40", "10"), 3: ("60", "")})
    response = client.post(page, {**data, "action": "compute"})
    assert response.status_code == 302
    html = client.get(page).content.decode()
    assert "82" in html and ">4<" in html  # 62 + 20 = 82: grade 4
    assert "Proposed" in html or "เสนอ" in html  # 70% attendance: มส proposed
    assert (
        CourseResult.objects.get(student=book.students[3], course=book.course).special_mark == "ร"
    )
    assert 'id="summary"' in html
    # Confirm the proposal, then make up the ร.
    proposed = CourseResult.objects.get(student=book.students[1], course=book.course)
    client.post(page, {"action": "confirm", "result": proposed.pk})
    proposed.refresh_from_db()
    assert proposed.special_mark == "มส"
    missing = CourseResult.objects.get(student=book.students[3], course=book.course)
    client.post(page, {"action": "makeup", "result": missing.pk, "score": "71", "reason": "ส่งงาน"})
    missing.refresh_from_db()
    assert (missing.grade, missing.special_mark) == (Decimal(3), "")
    assert "ส่งงาน" in client.get(page).content.decode()  # the history is shown


def test_a_refused_save_writes_nothing_and_keeps_what_was_typed(book: Book) -> None:
    client = client_for(book.o.teacher)
    page = f"{url(book)}?course={book.course.pk}"
    before = row_counts()
    data = grid(book, {0: ("60", "25"), 1: ("71", "20")})
    response = client.post(page, {**data, "action": "save"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "maximum" in html or "คะแนนเต็ม" in html
    assert 'value="71"' in html
    assert row_counts() == before and not ItemScore.objects.exists()


def test_a_teacher_of_another_class_sees_no_names(book: Book) -> None:
    other = make_user("other-teacher", "teacher", school=book.o.school)
    Staff.objects.create(
        school=book.o.school,
        user=other,
        first_name_th="อื่น",
        last_name_th="ครู",
        sex="F",
        position="teacher",
    )
    client = client_for(other)
    response = client.get(f"{url(book)}?course={book.course.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "กมล" not in html and 'id="no-students"' in html
    before = row_counts()
    data = grid(book, {0: ("60", "25")})
    assert (
        client.post(f"{url(book)}?course={book.course.pk}", {**data, "action": "save"}).status_code
        == 403
    )
    assert row_counts() == before


def test_an_officer_sees_the_grid_read_only(book: Book) -> None:
    html = client_for(book.o.officer).get(f"{url(book)}?course={book.course.pk}").content.decode()
    assert "กมล ทดสอบ" in html and 'name="s-' not in html


def test_the_classroom_page_links_to_the_grade_book(book: Book) -> None:
    html = (
        client_for(book.o.teacher)
        .get(reverse("web:classroom", kwargs={"classroom_id": book.o.classroom.pk}))
        .content.decode()
    )
    assert url(book) in html
