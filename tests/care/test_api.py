"""The care API: multipart writes through the services, denials that change nothing, lists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.test import Client

from qinfo.audit.models import AuditEvent
from qinfo.care.models import CarePhoto, HomeVisit, PovertyScreening
from tests.care.conftest import Care, picture, stored_files, upload
from tests.services.conftest import make_user

VISIT = {
    "student": None,
    "date": "2026-11-10",
    "findings": ["low_income", "journey"],
    "notes": "บ้านไกล",
    "latitude": "7.881",
    "longitude": "98.391",
}
SCREENING = {
    "date": "2026-11-10",
    "members": "3",
    "monthly_income": "8000.00",
    "dependant_jobless_adult": "true",
    "tenure": "with_others",
    "housing": "worn",
    "farm_land": "not_farming",
    "water": "bottled",
    "electricity": "own_meter",
    "vehicles": "none",
    "appliances": "one",
}


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def state() -> tuple[int, ...]:
    return (
        HomeVisit.objects.count(),
        PovertyScreening.objects.count(),
        CarePhoto.objects.count(),
        AuditEvent.objects.count(),
    )


def test_post_a_visit_with_photos(care: Care, media: Path) -> None:
    response = client_for(care.o.teacher).post(
        "/api/v1/home-visits",
        {
            **VISIT,
            "student": care.kid.pk,
            "photos": [upload(picture()), upload(picture("WEBP"), "b.webp")],
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["photos"] == 2 and body["student_id"] == care.kid.pk
    visit = HomeVisit.objects.get(pk=body["id"])
    assert sorted(visit.findings.values_list("code", flat=True)) == ["journey", "low_income"]
    assert str(visit.latitude) == "7.881000" and len(stored_files(media)) == 2


def test_post_a_screening(care: Care) -> None:
    response = client_for(care.o.registrar).post(
        "/api/v1/poverty-screenings", {**SCREENING, "student": care.kid.pk}
    )
    assert response.status_code == 200, response.content
    saved = PovertyScreening.objects.get()
    # 8,000 / 3 = 2,666.67; hardships: dependants, tenure, vehicles.
    assert (str(saved.income_per_member), saved.hardship_items, saved.extremely_poor) == (
        "2666.67",
        3,
        True,
    )


def test_denials_change_nothing(care: Care, media: Path) -> None:
    before = state()
    outsider = client_for(care.o.outsider).post(
        "/api/v1/home-visits", {**VISIT, "student": care.kid.pk, "photos": [upload(picture())]}
    )
    assert outsider.status_code == 404 and outsider.json()["errors"] == []
    officer = client_for(care.o.officer).post(
        "/api/v1/poverty-screenings", {**SCREENING, "student": care.kid.pk}
    )
    assert officer.status_code == 403
    anonymous = Client().post("/api/v1/home-visits", {**VISIT, "student": care.kid.pk})
    assert anonymous.status_code == 401
    assert state() == before and stored_files(media) == []


def test_bad_input_is_refused_whole(care: Care, media: Path) -> None:
    teacher = client_for(care.o.teacher)
    before = state()
    not_image = teacher.post(
        "/api/v1/home-visits",
        {
            **VISIT,
            "student": care.kid.pk,
            "photos": [upload(picture()), upload(b"MZ\x90\x00", "x.jpg")],
        },
    )
    assert not_image.status_code == 422
    assert not_image.json()["errors"][0]["code"] == "photo_not_image"
    bad_answer = teacher.post(
        "/api/v1/poverty-screenings", {**SCREENING, "student": care.kid.pk, "water": "soda"}
    )
    assert bad_answer.status_code == 422
    assert state() == before and stored_files(media) == []


def test_lists_keep_positions_notes_and_photos_from_analysts(care: Care) -> None:
    teacher = client_for(care.o.teacher)
    teacher.post(
        "/api/v1/home-visits", {**VISIT, "student": care.kid.pk, "photos": [upload(picture())]}
    )
    teacher.post("/api/v1/poverty-screenings", {**SCREENING, "student": care.kid.pk})
    full = teacher.get("/api/v1/home-visits").json()["items"][0]
    assert full["notes"] == "บ้านไกล" and full["latitude"] == 7.881
    assert full["photo_urls"][0].startswith(f"/students/{care.kid.pk}/photo/?care=")
    assert teacher.get(full["photo_urls"][0]).status_code == 200
    analyst = client_for(make_user("analyst", "analyst", network=care.o.network))
    for path in ("/api/v1/home-visits", "/api/v1/poverty-screenings"):
        [item] = analyst.get(path).json()["items"]
        assert item["student_id"] == care.kid.pk
        assert not {"latitude", "longitude", "photo_urls", "notes", "visitor_ids"} & set(item)
    assert client_for(care.o.outsider).get("/api/v1/home-visits").json()["count"] == 0
    poor = teacher.get("/api/v1/poverty-screenings", {"extremely_poor": "true"}).json()
    assert poor["count"] == 1
