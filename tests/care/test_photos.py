"""qinfo.core.photos: what is accepted, how it is cleaned, and every refusal (nothing stored)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from qinfo.core import photos
from qinfo.core.errors import DomainError
from tests.care.conftest import picture, png_header_only, stored_files, upload


def codes(error: DomainError) -> set[str]:
    return {e.code for errors in error.error_dict.values() for e in errors}  # type: ignore[misc]


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_accepted_formats_become_jpeg(fmt: str) -> None:
    photo = photos.prepare(upload(picture(fmt)))
    with Image.open(io.BytesIO(photo.content)) as image:
        assert image.format == "JPEG"
        assert image.size == (40, 30) == (photo.width, photo.height)


def test_a_large_photo_is_shrunk_to_the_longest_side() -> None:
    photo = photos.prepare(upload(picture("PNG", size=(3200, 1000))))
    assert (photo.width, photo.height) == (photos.MAX_SIDE, 500)


def test_exif_and_its_gps_position_are_dropped() -> None:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (7.0, 53.0, 0.0)}  # GPS IFD: latitude
    data = picture("JPEG", exif=exif.tobytes(), comment=b"secret comment")
    with Image.open(io.BytesIO(data)) as original:
        assert original.getexif()  # the test picture does carry EXIF
    photo = photos.prepare(upload(data, "a.jpg", "image/jpeg"))
    with Image.open(io.BytesIO(photo.content)) as cleaned:
        assert not cleaned.getexif()
        assert "comment" not in cleaned.info and "exif" not in cleaned.info
    assert b"PhoneMaker" not in photo.content and b"secret comment" not in photo.content


def test_orientation_is_applied_before_exif_is_dropped() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    data = picture("JPEG", size=(60, 20), exif=exif.tobytes())
    photo = photos.prepare(upload(data, "a.jpg", "image/jpeg"))
    assert (photo.width, photo.height) == (20, 60)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"this is not a picture at all", "photo_not_image"),
        (b"%PDF-1.4 pretending", "photo_not_image"),
        (picture("GIF"), "photo_not_image"),
        (picture("PNG")[:60], "photo_not_image"),
        (b"", "photo_not_image"),
        (png_header_only(8_000, 8_000), "photo_too_many_pixels"),
        (png_header_only(20_000, 20_000), "photo_too_many_pixels"),
    ],
    ids=["text", "pdf", "gif", "truncated", "empty", "64-megapixels", "bomb"],
)
def test_refusals(data: bytes, code: str, media: Path) -> None:
    with pytest.raises(DomainError) as caught:
        photos.prepare(upload(data))
    assert codes(caught.value) == {code}
    assert stored_files(media) == []


def test_over_the_size_limit_is_refused_before_reading(settings: object) -> None:
    data = picture("PNG", size=(300, 300))
    settings.QINFO_PHOTO_MAX_BYTES = len(data) - 1  # type: ignore[attr-defined]
    with pytest.raises(DomainError) as caught:
        photos.prepare(upload(data))
    assert codes(caught.value) == {"photo_too_large"}
    settings.QINFO_PHOTO_MAX_BYTES = len(data)  # type: ignore[attr-defined]
    assert photos.prepare(upload(data)).width == 300


def test_a_stream_without_a_size_is_also_bounded(settings: object) -> None:
    settings.QINFO_PHOTO_MAX_BYTES = 2048  # type: ignore[attr-defined]
    with pytest.raises(DomainError) as caught:
        photos.prepare(io.BytesIO(b"\x89PNG" + b"0" * 5000))
    assert codes(caught.value) == {"photo_too_large"}


def test_store_uses_random_names_in_the_media_folder_and_discard_removes(media: Path) -> None:
    photo = photos.prepare(upload(picture()))
    first, second = photos.store(photo, "care/visit"), photos.store(photo, "care/visit")
    assert first != second and first.startswith("care/visit/") and first.endswith(".jpg")
    assert sorted(p.name for p in stored_files(media)) == sorted(
        [Path(first).name, Path(second).name]
    )
    with photos.open_photo(first) as handle:
        assert handle.read() == photo.content
    photos.discard([first, second])
    assert stored_files(media) == []
    with pytest.raises(FileNotFoundError):
        photos.open_photo(first)
