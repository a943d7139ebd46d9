"""The classroom's health page and a child's SDQ page, on a phone-sized page of plain HTML."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from qinfo.audit.models import AuditAction, AuditEvent
from qinfo.wellbeing.models import HealthMeasurement, SdqScreening
from tests.wellbeing.conftest import Class, counts


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _health_url(k: Class) -> str:
    url = reverse("web:classroom_health", kwargs={"classroom_id": k.o.classroom.pk})
    return f"{url}?term={k.o.term2.pk}"


def _form(k: Class, values: dict[int, tuple[str, str]], date: str = "2026-11-16") -> dict[str, str]:
    data = {"date": date}
    for pk, (weight, height) in values.items():
        data[f"w{pk}"], data[f"h{pk}"] = weight, height
    return data


def test_the_teacher_enters_the_class_and_sees_labels_and_a_summary(klass: Class) -> None:
    k = klass
    client = _client(k.o.teacher)
    page = client.get(_health_url(k)).content.decode()
    # Thai order: กมล, ขวัญ, จันทร์, ธนา; every child has a weight and a height input.
    names = [m for m in re.findall(r"(กมล|ขวัญ|จันทร์|ธนา)", page)]
    assert names[:4] == ["กมล", "ขวัญ", "จันทร์", "ธนา"]
    assert all(f'name="w{s.pk}"' in page for s in k.kids) and "อรุณ" not in page
    a, b, c = k.kids
    response = client.post(
        _health_url(k), _form(k, {a.pk: ("22.5", "121.5"), b.pk: ("40", "118"), c.pk: ("", "")})
    )
    assert response.status_code == 302
    assert HealthMeasurement.objects.count() == 2
    page = client.get(_health_url(k)).content.decode()
    saved = HealthMeasurement.objects.get(student=a)
    assert f"{saved.bmi}" in page and str(saved.bmi_z) in page
    assert "hl-summary" in page and "nl-obese" in page
    assert 'value="22.5"' in page


def test_a_refused_class_shows_why_keeps_what_was_typed_and_writes_nothing(klass: Class) -> None:
    k = klass
    a, b, _ = k.kids
    before = counts()
    response = _client(k.o.teacher).post(
        _health_url(k), _form(k, {a.pk: ("22.5", "121.5"), b.pk: ("0", "118")})
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "notice error" in page and 'value="0"' in page
    assert counts() == before
    response = _client(k.o.teacher).post(_health_url(k), _form(k, {a.pk: ("22.5", "")}))
    assert "notice error" in response.content.decode() and counts() == before
    response = _client(k.o.teacher).post(
        _health_url(k), _form(k, {a.pk: ("22.5", "121")}, date="2026-12-01")
    )
    assert "notice error" in response.content.decode() and counts() == before


def test_who_may_not_write_health_is_denied_and_nothing_changes(klass: Class) -> None:
    k = klass
    before = counts()
    data = _form(k, {k.kids[0].pk: ("22.5", "121.5")})
    assert _client(k.o.outsider).post(_health_url(k), data).status_code == 404
    assert _client(k.o.officer).post(_health_url(k), data).status_code == 403
    assert counts() == before
    page = _client(k.o.officer).get(_health_url(k)).content.decode()
    assert "กมล" in page and 'name="w' not in page  # the officer sees, without a form


def _sdq_url(student_id: int) -> str:
    return reverse("web:student_sdq", kwargs={"student_id": student_id})


def _answers(values: list[int | str]) -> dict[str, str]:
    return {f"q{n}": str(v) for n, v in enumerate(values, start=1) if v != ""}


def test_the_sdq_page_opens_the_record_once_and_offers_25_items(klass: Class) -> None:
    k = klass
    child = k.kids[0]
    before = AuditEvent.objects.count()
    page = _client(k.o.teacher).get(_sdq_url(child.pk)).content.decode()
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.latest("pk").action == AuditAction.VIEW
    for n in range(1, 26):
        assert page.count(f'name="q{n}"') == 3
    assert "ใจดี" in page


def test_an_sdq_is_saved_from_the_page_and_shown_in_the_history(klass: Class) -> None:
    k = klass
    child = k.kids[0]
    client = _client(k.o.teacher)
    data = {"form": "teacher", "date": "2026-11-16", **_answers([2] * 25)}
    assert client.post(_sdq_url(child.pk), data).status_code == 302
    screening = SdqScreening.objects.get()
    # All 2: emotional 10, conduct 8, hyperactivity 6, peer 6 (reversed items score 0).
    assert (screening.total, screening.total_band) == (30, "problem")
    page = client.get(_sdq_url(child.pk)).content.decode()
    assert "<b>30</b>" in page and "sdq-problem" in page


def test_an_sdq_answer_of_3_or_a_missing_answer_is_refused_on_the_page(klass: Class) -> None:
    k = klass
    child = k.kids[0]
    client = _client(k.o.teacher)
    before = counts()
    for answers in ([1] * 24 + [3], [1] * 24 + [""]):
        data = {"form": "teacher", "date": "2026-11-16", **_answers(answers)}
        response = client.post(_sdq_url(child.pk), data)
        assert response.status_code == 200 and "notice error" in response.content.decode()
    assert counts()[:2] == before[:2]  # only the re-rendered page's own openings were audited
    assert not AuditEvent.objects.filter(target_type="wellbeing.sdqscreening").exists()


def test_an_sdq_by_someone_who_may_not_is_denied(klass: Class) -> None:
    k = klass
    child = k.kids[0]
    before = counts()
    data = {"form": "teacher", "date": "2026-11-16", **_answers([1] * 25)}
    assert _client(k.o.outsider).post(_sdq_url(child.pk), data).status_code == 404
    assert _client(k.o.officer).post(_sdq_url(child.pk), data).status_code == 403
    assert counts() == before
