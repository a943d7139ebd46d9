"""Recording home visits and screenings: what is saved, and refusals that write nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from qinfo.audit.models import AuditAction, AuditEvent
from qinfo.care import selectors
from qinfo.care.models import CarePhoto, HomeVisit, PovertyScreening, VisitFinding
from qinfo.care.services import (
    Place,
    ScreeningInput,
    VisitInput,
    record_home_visit,
    record_screening,
)
from qinfo.core.errors import DomainError, NotFound
from tests.care.conftest import DAY, Care, picture, stored_files, upload

ANSWERS = {
    "tenure": "rented",
    "housing": "good",
    "farm_land": "not_farming",
    "water": "tap",
    "electricity": "own_meter",
    "vehicles": "motorcycle",
    "appliances": "several",
}


def counts() -> tuple[int, ...]:
    return (
        HomeVisit.objects.count(),
        VisitFinding.objects.count(),
        PovertyScreening.objects.count(),
        CarePhoto.objects.count(),
        AuditEvent.objects.count(),
    )


def visit(c: Care, **changes: Any) -> VisitInput:
    values: dict[str, Any] = {
        "student_id": c.kid.pk,
        "date": DAY,
        "findings": ["low_income", "screen_time"],
        "notes": "พบผู้ปกครอง",
        "place": Place(Decimal("7.891234"), Decimal("98.401234")),
        "photos": [upload(picture())],
    }
    return VisitInput(**{**values, **changes})


def screening(c: Care, **changes: Any) -> ScreeningInput:
    values: dict[str, Any] = {
        "student_id": c.kid.pk,
        "date": DAY,
        "members": 4,
        "monthly_income": Decimal("11000.00"),
        "answers": dict(ANSWERS),
        "dependant_elderly": True,
    }
    return ScreeningInput(**{**values, **changes})


def test_a_teacher_records_a_visit_with_photos(care: Care, media: Path) -> None:
    saved = record_home_visit(
        actor=care.o.teacher, data=visit(care, photos=[upload(picture()), upload(picture("JPEG"))])
    )
    assert saved.academic_year == care.o.year
    assert list(saved.visitors.all()) == [care.o.teacher_staff]  # defaults to the recorder
    assert sorted(saved.findings.values_list("code", flat=True)) == ["low_income", "screen_time"]
    assert len(stored_files(media)) == 2 == saved.photos.count()
    event = AuditEvent.objects.get(target_type="care.homevisit", target_id=str(saved.pk))
    assert event.action == AuditAction.CREATE and event.changes["photos"] == [None, 2]
    summary = selectors.visits_for_student(care.o.teacher, care.kid.pk)
    assert [v.pk for v in summary] == [saved.pk] and len(summary[0].photo_ids) == 2
    assert summary[0].visitors == [str(care.o.teacher_staff)]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"photos": [upload(b"not an image")]}, "photo_not_image"),
        ({"photos": [upload(picture()), upload(b"GIF89a broken")]}, "photo_not_image"),
        ({"photos": [upload(picture())] * 7}, "too_many_photos"),
        ({"date": dt.date(2026, 11, 21)}, "date_future"),
        ({"date": dt.date(2025, 11, 10)}, "date_outside_year"),
        ({"findings": ["low_income", "ghosts"]}, "finding_invalid"),
        ({"follow_up_needed": True, "follow_up_note": "  "}, "follow_up_note_required"),
        ({"place": Place(Decimal("7.9"), None)}, "position_incomplete"),
        ({"place": Place(Decimal("91"), Decimal("98"))}, "position_range"),
        ({"notes": "ก" * 5001}, "text_too_long"),
        ({"visitor_ids": [999_999]}, "visitor_unknown"),
    ],
)
def test_a_bad_visit_is_refused_whole(
    care: Care, media: Path, changes: dict[str, Any], code: str
) -> None:
    before = counts()
    with pytest.raises(DomainError) as caught:
        record_home_visit(actor=care.o.teacher, data=visit(care, **changes))
    assert code in str(caught.value.error_dict) or code in {
        e.code for errors in caught.value.error_dict.values() for e in errors
    }
    assert counts() == before
    assert stored_files(media) == []


def test_a_photo_over_the_limit_is_refused_and_nothing_written(
    care: Care, media: Path, settings: Any
) -> None:
    settings.QINFO_PHOTO_MAX_BYTES = 1024
    before = counts()
    with pytest.raises(DomainError):
        record_home_visit(
            actor=care.o.teacher, data=visit(care, photos=[upload(picture(size=(400, 400)))])
        )
    assert counts() == before and stored_files(media) == []


def test_who_may_record(care: Care) -> None:
    before = counts()
    with pytest.raises(NotFound):  # the outsider cannot see the child at all
        record_home_visit(actor=care.o.outsider, data=visit(care))
    with pytest.raises(PermissionDenied):  # the officer sees the child but does not record
        record_home_visit(actor=care.o.officer, data=visit(care))
    with pytest.raises(PermissionDenied):
        record_screening(actor=care.o.officer, data=screening(care))
    assert counts() == before
    record_home_visit(
        actor=care.o.registrar, data=visit(care, visitor_ids=[care.o.teacher_staff.pk])
    )
    assert HomeVisit.objects.count() == 1


def test_a_storage_failure_midway_leaves_no_file_and_no_row(
    care: Care, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills up on the second photo: the first file is removed again and the
    transaction is rolled back (the database itself is real; only the storage fails)."""
    from qinfo.core import photos

    real_store = photos.store
    calls: list[str] = []

    def store_then_fail(photo: photos.Photo, folder: str) -> str:
        if calls:
            raise OSError("No space left on device")
        calls.append(real_store(photo, folder))
        return calls[-1]

    monkeypatch.setattr(photos, "store", store_then_fail)
    before = counts()
    with pytest.raises(OSError):
        record_home_visit(
            actor=care.o.teacher, data=visit(care, photos=[upload(picture()), upload(picture())])
        )
    assert len(calls) == 1
    assert counts() == before and stored_files(media) == []


def test_a_screening_flags_by_the_rule(care: Care) -> None:
    # 11,000 / 4 = 2,750 ≤ 3,000; hardships: dependants (elderly) and tenure (rented) = 2.
    poor = record_screening(actor=care.o.teacher, data=screening(care))
    assert (poor.income_per_member, poor.hardship_items, poor.extremely_poor) == (
        Decimal("2750.00"),
        2,
        True,
    )
    assert poor.household_id == care.kid.household_id
    richer = record_screening(
        actor=care.o.teacher, data=screening(care, monthly_income=Decimal("12000.04"))
    )
    assert (richer.income_per_member, richer.extremely_poor) == (Decimal("3000.01"), False)
    fewer = record_screening(actor=care.o.teacher, data=screening(care, dependant_elderly=False))
    assert (fewer.hardship_items, fewer.extremely_poor) == (1, False)
    # The sibling's page shows the household's screenings too.
    summary = selectors.poverty_for_student(care.o.teacher, care.sibling.pk)
    assert summary is not None and {s.pk for s in summary.screenings} == {
        poor.pk,
        richer.pk,
        fewer.pk,
    }
    assert selectors.poverty_for_student(care.o.outsider, care.kid.pk) is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"members": 0}, "members"),
        ({"members": 51}, "members"),
        ({"monthly_income": Decimal("-1")}, "monthly_income"),
        ({"monthly_income": Decimal("10.001")}, "monthly_income"),
        ({"answers": {**ANSWERS, "water": "lemonade"}}, "water"),
        ({"answers": {k: v for k, v in ANSWERS.items() if k != "housing"}}, "housing"),
        ({"photos": [upload(b"\x89PNG broken")]}, "photos"),
        ({"date": dt.date(2027, 1, 1)}, "date"),
    ],
)
def test_a_bad_screening_is_refused_whole(
    care: Care, media: Path, changes: dict[str, Any], field: str
) -> None:
    before = counts()
    with pytest.raises(DomainError) as caught:
        record_screening(actor=care.o.teacher, data=screening(care, **changes))
    assert set(caught.value.error_dict) == {field}
    assert counts() == before and stored_files(media) == []


def test_analysts_get_no_notes_photos_or_positions(care: Care) -> None:
    from qinfo.accounts.models import Membership, Role
    from tests.services.conftest import make_user

    record_home_visit(actor=care.o.teacher, data=visit(care))
    record_screening(
        actor=care.o.teacher, data=screening(care, notes="บ้านเช่า", photos=[upload(picture())])
    )
    analyst = make_user("analyst", Role.ANALYST, network=care.o.network)
    assert Membership.objects.filter(user=analyst).exists()
    [seen] = selectors.visits_for_student(analyst, care.kid.pk)
    assert (seen.notes, seen.photo_ids, seen.latitude, seen.visitors) == ("", [], None, [])
    assert seen.findings  # the checklist itself is not identifying
    poverty = selectors.poverty_for_student(analyst, care.kid.pk)
    assert poverty is not None and poverty.latest is not None
    assert (poverty.latest.notes, poverty.latest.photo_ids, poverty.latest.latitude) == (
        "",
        [],
        None,
    )
    photo = CarePhoto.objects.first()
    assert photo is not None
    assert selectors.care_photo_name(analyst, student_id=care.kid.pk, photo_id=photo.pk) is None
    assert selectors.care_photo_name(care.o.teacher, student_id=care.kid.pk, photo_id=photo.pk)
    assert (
        selectors.care_photo_name(care.o.teacher, student_id=care.sibling.pk, photo_id=photo.pk)
        is None
    )
