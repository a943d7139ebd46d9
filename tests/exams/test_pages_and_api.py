"""The pages and the API of national tests and literacy, with their denials."""

from __future__ import annotations

import io
from decimal import Decimal

from django.conf import settings
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from qinfo.accounts.models import User
from qinfo.audit.models import AuditEvent
from qinfo.exams.models import (
    LiteracyScreening,
    NationalMean,
    NationalTest,
    NationalTestResult,
)
from tests.exams.conftest import ExamWorld, xlsx


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _p6_rows(w: ExamWorld) -> list[list[object]]:
    return [
        [e.student.identifier, "", "onet-p6", subject, score]
        for e, (subject, score) in zip(
            w.p6_pupils, (("math", 40), ("math", 50), ("thai", 60)), strict=True
        )
    ]


def test_a_registrar_imports_through_the_page_and_sees_the_school_beside_the_nation(
    exam_world: ExamWorld,
) -> None:
    w = exam_world
    client = client_for(w.o.registrar)
    page = client.get(reverse("web:national_tests_import"))
    assert page.status_code == 200 and w.o.school.name_th in page.content.decode()
    response = client.post(
        reverse("web:national_tests_import"),
        {"school": w.o.school.pk, "year": 2569, "file": xlsx(_p6_rows(w))},
    )
    assert response.status_code == 200
    assert NationalTestResult.objects.count() == 3
    html = client.get(reverse("web:school_national_tests", args=[w.o.school.pk])).content.decode()
    assert "O-NET ป.6" in html and "คณิตศาสตร์" in html
    assert "45.00" in html  # the school's mean of 40 and 50
    assert "29.99" in html and "(2563)" in html  # the latest national mean, with its year
    network = client_for(w.o.officer).get(reverse("web:national_tests")).content.decode()
    assert "45.00" in network and w.o.school.name_th in network


def test_a_bad_file_on_the_page_lists_the_rows_and_writes_nothing(exam_world: ExamWorld) -> None:
    w = exam_world
    rows = [*_p6_rows(w), ["", "6001", "onet-p6", "science", 140]]
    before = AuditEvent.objects.count()
    client = client_for(w.o.registrar)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        reverse("web:national_tests_import"),
        {"school": w.o.school.pk, "year": 2569, "file": xlsx(rows)},
    )
    assert response.status_code == 200
    assert "Row 5: the score must be a number" in response.content.decode()
    assert not NationalTestResult.objects.exists() and AuditEvent.objects.count() == before


def test_a_teacher_may_not_import(exam_world: ExamWorld) -> None:
    w = exam_world
    client = client_for(w.o.teacher)
    response = client.post(
        reverse("web:national_tests_import"),
        {"school": w.o.school.pk, "year": 2569, "file": xlsx(_p6_rows(w))},
    )
    assert response.status_code == 200 and 'type="file"' not in response.content.decode()
    assert not NationalTestResult.objects.exists()


def test_the_template_downloads_as_a_workbook(exam_world: ExamWorld) -> None:
    response = client_for(exam_world.o.teacher).get(reverse("web:national_tests_template"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert str(book.worksheets[0]["A1"].value).startswith("เลขประจำตัวประชาชน")


def test_the_literacy_page_saves_a_class_and_shows_its_summary(exam_world: ExamWorld) -> None:
    w = exam_world
    pupil = w.p1_pupil.student_id
    url = reverse("web:classroom_literacy", args=[w.o.classroom.pk])
    client = client_for(w.o.teacher)
    page = client.get(url).content.decode()
    assert "ง่วน" in page and f'name="s{pupil}-reading_aloud"' in page
    form = {"term": w.o.term2.pk} | {
        f"s{pupil}-{name}": level
        for name, level in (
            ("reading_aloud", 4),
            ("reading_comprehension", 3),
            ("word_writing", 2),
            ("composition", 1),
        )
    }
    response = client.post(url, form)
    assert response.status_code == 302
    row = LiteracyScreening.objects.get()
    assert (row.term_id, row.reading_aloud, row.composition) == (w.o.term2.pk, 4, 1)
    summary = client.get(response["Location"]).content.decode()
    # One child: in the summary, one "very good" for reading aloud, one "needs improvement" for
    # composition; the form keeps the levels chosen.
    assert summary.count('<span class="lv lv4">1</span>') == 1
    assert summary.count('<span class="lv lv1">1</span>') == 1
    assert '<option value="3" selected>' in summary


def test_the_literacy_page_refuses_a_partial_row_and_those_who_may_not_screen(
    exam_world: ExamWorld,
) -> None:
    w = exam_world
    pupil = w.p1_pupil.student_id
    url = reverse("web:classroom_literacy", args=[w.o.classroom.pk])
    partial = client_for(w.o.teacher).post(url, {f"s{pupil}-reading_aloud": 4})
    assert partial.status_code == 200 and 'role="alert"' in partial.content.decode()
    officer = client_for(w.o.officer)
    assert officer.get(url).status_code == 200  # the network sees the class
    assert officer.post(url, {f"s{pupil}-reading_aloud": 4}).status_code == 403
    assert client_for(w.o.outsider).post(url, {}).status_code == 404
    assert not LiteracyScreening.objects.exists()


def test_means_page_for_officers_only(exam_world: ExamWorld) -> None:
    w = exam_world
    url = reverse("web:national_means")
    assert "52.98" in client_for(w.o.teacher).get(url).content.decode()
    test = NationalTest.objects.get(code="onet-m3")
    form = {"test": test.pk, "year": 2567, "mean-thai": "54.10", "source": "NIETS"}
    assert client_for(w.o.teacher).post(url, form).status_code == 403
    assert not NationalMean.objects.filter(year_be=2567).exists()
    assert client_for(w.o.officer).post(url, form).status_code == 200
    assert NationalMean.objects.get(year_be=2567).mean == Decimal("54.10")


# API -----------------------------------------------------------------------------------------


def test_api_import_answers_counts_or_refuses_the_whole_file(exam_world: ExamWorld) -> None:
    w = exam_world
    url = "/api/v1/national-test-results/import"
    bad = [*_p6_rows(w), ["", "9999", "onet-p6", "math", 40]]
    refused = client_for(w.o.registrar).post(
        url, {"school": w.o.school.pk, "academic_year": 2569, "file": xlsx(bad)}
    )
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["file"]
    assert not NationalTestResult.objects.exists()
    denied = client_for(w.o.teacher).post(
        url, {"school": w.o.school.pk, "academic_year": 2569, "file": xlsx(_p6_rows(w))}
    )
    assert denied.status_code == 403 and not NationalTestResult.objects.exists()
    hidden = client_for(w.o.outsider).post(
        url, {"school": w.o.school.pk, "academic_year": 2569, "file": xlsx(_p6_rows(w))}
    )
    assert hidden.status_code == 404 and not NationalTestResult.objects.exists()
    done = client_for(w.o.registrar).post(
        url, {"school": w.o.school.pk, "academic_year": 2569, "file": xlsx(_p6_rows(w))}
    )
    assert done.status_code == 200, done.content
    assert done.json() == {"rows": 3, "created": 3, "updated": 0, "unchanged": 0}
    listed = client_for(w.o.teacher).get(
        "/api/v1/national-test-results", {"test": "onet-p6", "academic_year": 2569}
    )
    assert listed.json()["count"] == 0  # the teacher teaches ป.1/1, not ป.6
    listed = client_for(w.o.officer).get("/api/v1/national-test-results", {"test": "onet-p6"})
    assert sorted(i["score"] for i in listed.json()["items"]) == [40.0, 50.0, 60.0]


def test_api_literacy_and_means_writes_with_denials(exam_world: ExamWorld) -> None:
    w = exam_world
    pupil = w.p1_pupil.student_id
    body = {
        "term_id": w.o.term1.pk,
        "entries": [
            {
                "student_id": pupil,
                "reading_aloud": 3,
                "reading_comprehension": 3,
                "word_writing": 2,
                "composition": 2,
            }
        ],
    }
    url = f"/api/v1/classrooms/{w.o.classroom.pk}/literacy-screenings"
    officer = client_for(w.o.officer)
    assert officer.post(url, body, content_type="application/json").status_code == 403
    outsider = client_for(w.o.outsider)
    assert outsider.post(url, body, content_type="application/json").status_code == 404
    assert not LiteracyScreening.objects.exists()
    teacher = client_for(w.o.teacher)
    assert teacher.post(url, body, content_type="application/json").json() == {"saved": 1}
    listed = teacher.get("/api/v1/literacy-screenings", {"student": pupil}).json()
    assert listed["count"] == 1 and listed["items"][0]["word_writing"] == 2
    means = {"test": "rt-p1", "academic_year": 2567, "means": {"reading_aloud": "70.1"}}
    assert (
        teacher.post("/api/v1/national-means", means, content_type="application/json").status_code
        == 403
    )
    saved = officer.post("/api/v1/national-means", means, content_type="application/json")
    assert saved.status_code == 200 and saved.json()[0]["mean"] == 70.1
    read = teacher.get("/api/v1/national-means", {"academic_year": 2567}).json()
    assert [(i["test"], i["subject"]) for i in read["items"]] == [("rt-p1", "reading_aloud")]
