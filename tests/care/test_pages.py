"""The care pages: recording from a phone form, the protected photo view, the map of homes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.test import Client
from django.urls import reverse

from qinfo.audit.models import AuditAction, AuditEvent
from qinfo.care.models import CarePhoto, HomeVisit, PovertyScreening
from qinfo.care.services import Place, VisitInput, record_home_visit
from qinfo.organisations.models import School
from qinfo.web.views.care import PLACEHOLDER_SVG, project
from tests.care.conftest import DAY, Care, picture, stored_files, upload
from tests.services.conftest import make_user


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_visit_page_opens_the_child_once_and_offers_the_camera(care: Care) -> None:
    url = reverse("web:home_visit", kwargs={"student_id": care.kid.pk})
    response = client_for(care.o.teacher).get(url)
    html = response.content.decode()
    assert response.status_code == 200 and "กมล" in html
    assert (
        'accept="image/*"' in html and "capture" in html and 'enctype="multipart/form-data"' in html
    )
    assert (
        AuditEvent.objects.filter(action=AuditAction.VIEW, target_id=str(care.kid.pk)).count() == 1
    )


def test_a_teacher_posts_a_visit_with_a_photo_and_sees_it(care: Care, media: Path) -> None:
    client = client_for(care.o.teacher)
    url = reverse("web:home_visit", kwargs={"student_id": care.kid.pk})
    response = client.post(
        url,
        {
            "date": "2026-11-10",
            "visitors": [care.o.teacher_staff.pk],
            "findings": ["little_care"],
            "notes": "แม่ทำงานกลางคืน",
            "latitude": "7.890100",
            "longitude": "98.400100",
            "photos": [upload(picture())],
        },
    )
    assert response.status_code == 302
    visit = HomeVisit.objects.get()
    assert visit.latitude is not None and visit.photos.count() == 1
    html = client.get(url).content.decode()
    assert "แม่ทำงานกลางคืน" in html
    [src] = re.findall(r'<img src="([^"]+\?care=\d+)"', html)
    image = client.get(src)
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert b"".join(image.streaming_content)[:2] == b"\xff\xd8"  # type: ignore[attr-defined]
    assert "private" in image["Cache-Control"]


def test_a_refused_post_shows_the_message_and_writes_nothing(care: Care, media: Path) -> None:
    client = client_for(care.o.teacher)
    url = reverse("web:home_visit", kwargs={"student_id": care.kid.pk})
    response = client.post(url, {"date": "2026-11-10", "photos": [upload(b"hello", "x.png")]})
    assert response.status_code == 200
    assert (
        "JPEG, PNG or WebP" in response.content.decode() or "JPEG, PNG" in response.content.decode()
    )
    assert HomeVisit.objects.count() == 0 and stored_files(media) == []


def test_those_who_may_not_record_get_no_form_and_cannot_post(care: Care) -> None:
    url = reverse("web:home_visit", kwargs={"student_id": care.kid.pk})
    officer = client_for(care.o.officer)
    assert '<form method="post" enctype' not in officer.get(url).content.decode()
    assert officer.post(url, {"date": "2026-11-10"}).status_code == 403
    assert client_for(care.o.outsider).post(url, {"date": "2026-11-10"}).status_code == 404
    assert HomeVisit.objects.count() == 0


def test_the_screening_page_records_and_flags(care: Care) -> None:
    client = client_for(care.o.teacher)
    url = reverse("web:poverty_screening", kwargs={"student_id": care.kid.pk})
    data = {
        "date": "2026-11-10",
        "members": "5",
        "monthly_income": "9000",
        "dependant_disabled_or_ill": "on",
        "tenure": "own",
        "housing": "dilapidated",
        "farm_land": "not_farming",
        "water": "tap",
        "electricity": "own_meter",
        "vehicles": "motorcycle",
        "appliances": "one",
    }
    assert client.post(url, data).status_code == 302
    screening = PovertyScreening.objects.get()
    assert (screening.income_per_member, screening.hardship_items, screening.extremely_poor) == (
        1800,
        2,
        True,
    )
    assert "care-poor" in client.get(url).content.decode()


def test_the_photo_view_guards_every_picture(care: Care, media: Path) -> None:
    record_home_visit(
        actor=care.o.teacher,
        data=VisitInput(student_id=care.kid.pk, date=DAY, photos=[upload(picture())]),
    )
    photo = CarePhoto.objects.get()
    own = reverse("web:student_photo", kwargs={"student_id": care.kid.pk})
    care_url = f"{own}?care={photo.pk}"
    teacher, outsider = client_for(care.o.teacher), client_for(care.o.outsider)
    analyst = client_for(make_user("analyst", "analyst", network=care.o.network))
    assert teacher.get(care_url).status_code == 200
    assert outsider.get(care_url).status_code == 404
    assert analyst.get(care_url).status_code == 404  # analysts never get a real picture
    sibling = reverse("web:student_photo", kwargs={"student_id": care.sibling.pk})
    assert teacher.get(f"{sibling}?care={photo.pk}").status_code == 404  # another child's
    assert teacher.get(f"{own}?care=abc").status_code == 404
    placeholder = teacher.get(own)  # no portrait yet
    assert placeholder["Content-Type"] == "image/svg+xml" and placeholder.content == PLACEHOLDER_SVG
    assert Client().get(own).status_code == 302  # sign in first


def test_the_map_shows_visited_and_pending_homes_by_shape(care: Care) -> None:
    School.objects.filter(pk=care.o.school.pk).update(latitude="7.880000", longitude="98.390000")
    record_home_visit(
        actor=care.o.teacher,
        data=VisitInput(student_id=care.kid.pk, date=DAY, place=Place(None, None)),
    )
    url = reverse("web:class_homes", kwargs={"classroom_id": care.o.classroom.pk})
    html = client_for(care.o.teacher).get(url).content.decode()
    assert "กมล" in html and "ขวัญ" in html and "จันทร์" not in html
    assert html.count('class="m-visited"><title>') == 1  # kid: a circle
    assert html.count('class="m-pending"><title>') == 1  # sibling: a square
    assert "<circle" in html and "<rect" in html and "m-school" in html
    outsider = client_for(care.o.outsider).get(
        reverse("web:class_homes", kwargs={"classroom_id": care.o.other_classroom.pk})
    )
    # A teacher of that school who does not teach the class: the page, and no child's name.
    assert outsider.status_code == 200
    assert "จันทร์" not in outsider.content.decode() and "hint" in outsider.content.decode()


def test_the_map_hides_positions_from_analysts(care: Care) -> None:
    analyst = client_for(make_user("analyst", "analyst", network=care.o.network))
    html = analyst.get(
        reverse("web:class_homes", kwargs={"classroom_id": care.o.classroom.pk})
    ).content.decode()
    assert "<svg viewBox" not in html and "กมล" not in html and f"#{care.kid.pk}" in html


def test_projection_keeps_north_up_and_fits_the_box() -> None:
    points = [(7.90, 98.40), (7.80, 98.30), (7.85, 98.35)]
    xy, height = project(points, size=1000)
    (x1, y1), (x2, y2), (x3, y3) = xy
    assert y1 < y3 < y2 and x2 < x3 < x1  # north is up, east is right
    assert all(0 <= x <= 1000 and 0 <= y <= height for x, y in xy)
    assert abs((x3 - x2) - (x1 - x3)) < 1e-6


def test_a_portrait_is_linked_from_the_api_to_the_protected_view_only(
    care: Care, media: Path
) -> None:
    from qinfo.core.photos import prepare, store

    care.kid.photo = store(prepare(upload(picture("JPEG"), "me.jpg", "image/jpeg")), "students")
    care.kid.save(update_fields=["photo"])
    teacher = client_for(care.o.teacher)
    body = teacher.get(f"/api/v1/students/{care.kid.pk}").json()
    own = reverse("web:student_photo", kwargs={"student_id": care.kid.pk})
    assert body["photo"] == own and "/media/" not in body["photo"]
    response = teacher.get(own)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert client_for(care.o.outsider).get(own).status_code == 404
