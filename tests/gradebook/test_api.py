"""The grade book's write API: items, scores (and computing), decisions, make-up, ratings; each
POST refused for a caller who may not see the course (404) or may not change it (403), with
nothing changed; bad input answers 422 and writes nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from qinfo.assessment.models import CourseResult, ItemScore, Rating

from .conftest import Book, row_counts


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def post(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(f"/api/v1{path}", json.dumps(body), content_type="application/json")


def score_body(
    book: Book, coursework: float, final: float | None, compute: bool = False
) -> dict[str, Any]:
    sid = book.students[0].pk
    return {
        "scores": [
            {"student_id": sid, "item_id": book.coursework.pk, "score": coursework},
            {"student_id": sid, "item_id": book.final.pk, "score": final},
        ],
        "compute": compute,
    }


def test_the_teacher_records_scores_and_gets_results(book: Book) -> None:
    response = post(
        client_for(book.o.teacher),
        f"/courses/{book.course.pk}/scores",
        score_body(book, 60, 25, True),
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["changed"] == 2
    mine = [r for r in body["results"] if r["student_id"] == book.students[0].pk]
    assert mine[0]["score"] == 85 and mine[0]["grade"] == 4
    listed = (
        client_for(book.o.teacher).get("/api/v1/item-scores", {"course": book.course.pk}).json()
    )
    assert {i["score"] for i in listed["items"]} == {60, 25}
    assert {i["item_name"] for i in listed["items"]} == {"งานระหว่างภาค", "สอบปลายภาค"}


def test_a_score_above_the_maximum_is_refused_whole(book: Book) -> None:
    before = row_counts()
    response = post(
        client_for(book.o.teacher), f"/courses/{book.course.pk}/scores", score_body(book, 60, 31)
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "score_above_max"
    assert row_counts() == before


@pytest.mark.parametrize(("persona", "status"), [("outsider", 404), ("officer", 403)])
def test_callers_who_may_not_record_change_nothing(book: Book, persona: str, status: int) -> None:
    client = client_for(getattr(book.o, persona))
    result = CourseResult.objects.create(
        student=book.students[0],
        course=book.course,
        term=book.o.term1,
        school=book.o.school,
        special_mark="ร",
    )
    before = row_counts()
    items = {"items": [{"name": "สอบ", "kind": "final", "weight": 100, "max_score": 10}]}
    calls = [
        (f"/courses/{book.course.pk}/items", items),
        (f"/courses/{book.course.pk}/scores", score_body(book, 1, 1)),
        (f"/courses/{book.course.pk}/results", {}),
        (f"/results/{result.pk}/make-up", {"score": 80, "reason": "ส่งงาน"}),
        (f"/results/{result.pk}/decision", {"confirm": True}),
        (
            f"/classrooms/{book.o.classroom.pk}/ratings",
            {
                "term_id": book.o.term1.pk,
                "ratings": [{"student_id": book.students[0].pk, "trait": "rtw", "level": 3}],
            },
        ),
    ]
    for path, body in calls:
        response = post(client, path, body)
        # The officer sees the results and the class but is not a writer; the outsider (a
        # teacher at the other school) sees neither.
        expected = status if not (persona == "officer" and "classrooms" in path) else 403
        assert response.status_code == expected, (path, response.content)
    assert row_counts() == before
    assert not ItemScore.objects.exists() and not Rating.objects.exists()


def test_anonymous_callers_are_refused(book: Book) -> None:
    response = post(Client(), f"/courses/{book.course.pk}/scores", score_body(book, 1, 1))
    assert response.status_code == 401


def test_items_make_up_and_ratings_through_the_api(book: Book) -> None:
    client = client_for(book.o.registrar)
    items = {
        "items": [
            {
                "id": book.coursework.pk,
                "name": "งาน",
                "kind": "coursework",
                "weight": 60,
                "max_score": 60,
            },
            {"name": "กลางภาค", "kind": "midterm", "weight": 10, "max_score": 10},
            {
                "id": book.final.pk,
                "name": "ปลายภาค",
                "kind": "final",
                "weight": 30,
                "max_score": 30,
            },
        ]
    }
    response = post(client, f"/courses/{book.course.pk}/items", items)
    assert response.status_code == 200 and [i["weight"] for i in response.json()] == [60, 10, 30]
    items["items"][1]["weight"] = 11
    bad = post(client, f"/courses/{book.course.pk}/items", items)
    assert bad.status_code == 422 and bad.json()["errors"][0]["code"] == "weights_total"
    result = CourseResult.objects.create(
        student=book.students[0],
        course=book.course,
        term=book.o.term1,
        school=book.o.school,
        special_mark="ร",
    )
    made_up = post(client, f"/results/{result.pk}/make-up", {"score": 66, "reason": "ส่งงาน"})
    assert made_up.status_code == 200 and made_up.json()["grade"] == 2.5
    ratings = {
        "term_id": book.o.term1.pk,
        "ratings": [
            {"student_id": s.pk, "trait": "public_mind", "level": 3} for s in book.students
        ],
    }
    assert post(client, f"/classrooms/{book.o.classroom.pk}/ratings", ratings).json() == {
        "changed": 4
    }
    listed = client.get("/api/v1/ratings", {"classroom": book.o.classroom.pk}).json()
    assert listed["count"] == 4 and {i["level"] for i in listed["items"]} == {3}
