"""POST /api/v1/health-measurements and /api/v1/sdq-screenings: written whole or refused whole;
denied to who may not, with nothing changed; and the lists."""

from __future__ import annotations

from typing import Any

from django.test import Client

from qinfo.wellbeing.models import HealthMeasurement
from tests.wellbeing.conftest import Class, counts


def _client(user: object | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)  # type: ignore[arg-type]
    return client


def _batch(k: Class, *rows: tuple[int, Any, Any], date: str = "2026-11-16") -> dict[str, Any]:
    return {
        "classroom_id": k.o.classroom.pk,
        "term_id": k.o.term2.pk,
        "date": date,
        "measurements": [{"student_id": pk, "weight_kg": w, "height_cm": h} for pk, w, h in rows],
    }


def _post(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(f"/api/v1/{path}", body, content_type="application/json")


def test_a_class_batch_is_saved_and_listed(klass: Class) -> None:
    k = klass
    a, b, _ = k.kids
    client = _client(k.o.teacher)
    response = _post(
        client, "health-measurements", _batch(k, (a.pk, 22.5, 121.5), (b.pk, "25", "120"))
    )
    assert response.status_code == 200, response.content
    items = response.json()
    assert {i["student_id"] for i in items} == {a.pk, b.pk}
    first = next(i for i in items if i["student_id"] == a.pk)
    stored = HealthMeasurement.objects.get(student=a)
    assert first["bmi"] == float(stored.bmi) and first["bmi_z"] == float(stored.bmi_z)
    assert first["wfh_label"] == stored.wfh_label and first["term"] == 2
    listed = client.get("/api/v1/health-measurements", {"student": a.pk}).json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == stored.pk


def test_a_bad_batch_is_refused_whole(klass: Class) -> None:
    k = klass
    a, b, _ = k.kids
    client = _client(k.o.teacher)
    before = counts()
    for body, code in (
        (_batch(k, (a.pk, 22.5, 121.5), (b.pk, 25, 400)), "height_range"),
        (_batch(k, (a.pk, 22.5, 121.5), (k.elsewhere.pk, 25, 120)), "student_not_enrolled"),
        (_batch(k, (a.pk, 22.5, 121.5), date="2026-11-21"), "date_future"),
        (_batch(k, (a.pk, 22.5, 121.5), date="2026-10-20"), "date_outside_term"),
    ):
        response = _post(client, "health-measurements", body)
        assert response.status_code == 422, response.content
        assert response.json()["errors"][0]["code"] == code
    response = _post(client, "health-measurements", _batch(k, (a.pk, 0, 121.5)))
    assert response.status_code == 422  # a weight of 0 kg is refused by the schema (> 0)
    assert counts() == before


def test_health_writes_are_denied_to_who_may_not(klass: Class) -> None:
    k = klass
    body = _batch(k, (k.kids[0].pk, 22.5, 121.5))
    before = counts()
    assert _post(_client(None), "health-measurements", body).status_code == 401
    assert _post(_client(k.o.outsider), "health-measurements", body).status_code == 404
    assert _post(_client(k.o.officer), "health-measurements", body).status_code == 403
    assert counts() == before


def _sdq(student_id: int, answers: list[int], form: str = "teacher") -> dict[str, Any]:
    return {"student_id": student_id, "form": form, "date": "2026-11-16", "answers": answers}


def test_an_sdq_is_saved_and_listed(klass: Class) -> None:
    k = klass
    child = k.kids[0]
    client = _client(k.o.registrar)
    response = _post(client, "sdq-screenings", _sdq(child.pk, [1] * 25))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["answers"] == [1] * 25 and body["total"] == 20 and body["total_band"] == "problem"
    listed = client.get("/api/v1/sdq-screenings", {"student": child.pk, "form": "teacher"}).json()
    assert listed["count"] == 1 and listed["items"][0]["total"] == 20


def test_an_sdq_answer_of_3_is_refused_and_nothing_is_written(klass: Class) -> None:
    k = klass
    client = _client(k.o.teacher)
    before = counts()
    response = _post(client, "sdq-screenings", _sdq(k.kids[0].pk, [1] * 24 + [3]))
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "sdq_answers"
    response = _post(client, "sdq-screenings", _sdq(k.kids[0].pk, [1] * 25, form="self"))
    assert response.status_code == 422 and response.json()["errors"][0]["code"] == "sdq_self_age"
    assert counts() == before


def test_sdq_writes_are_denied_to_who_may_not(klass: Class) -> None:
    k = klass
    body = _sdq(k.kids[0].pk, [1] * 25)
    before = counts()
    assert _post(_client(None), "sdq-screenings", body).status_code == 401
    assert _post(_client(k.o.outsider), "sdq-screenings", body).status_code == 404
    assert _post(_client(k.o.officer), "sdq-screenings", body).status_code == 403
    assert counts() == before
