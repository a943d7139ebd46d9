"""The services' organisation (tests/services/conftest.py), pinned to 2026-11-20, with two
children in ป.1/1 (the teacher's homeroom) and one in the other school; photos go to a fresh
media folder for each test."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from qinfo.people.models import Household, Student
from tests.services.conftest import Org, admit, frozen_today, organisation  # noqa: F401


@dataclass
class Care:
    o: Org
    kid: Student
    sibling: Student
    elsewhere: Student


@pytest.fixture(autouse=True)
def media(settings: pytest.FixtureRequest, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root  # type: ignore[attr-defined]
    return root


@pytest.fixture
def care(organisation: Org) -> Care:  # noqa: F811
    home = Household.objects.create(latitude="7.890000", longitude="98.400000")
    kid = admit(organisation, "กมล", "ใจดี").student
    sibling = admit(organisation, "ขวัญ", "ใจดี").student
    Student.objects.filter(pk__in=[kid.pk, sibling.pk]).update(household=home)
    kid.refresh_from_db()
    elsewhere = admit(organisation, "จันทร์", "ศรีสุข", classroom=organisation.other_classroom)
    return Care(organisation, kid, sibling, elsewhere.student)


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def picture(fmt: str = "PNG", size: tuple[int, int] = (40, 30), **save: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 60, 30)).save(out, format=fmt, **save)
    return out.getvalue()


def upload(
    data: bytes, name: str = "house.png", content_type: str = "image/png"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims a huge size (a decompression bomb) but carries almost no data."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


DAY = dt.date(2026, 11, 10)
