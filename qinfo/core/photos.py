"""Photos uploaded anywhere in qinfo: checked, cleaned and stored the same way.

An upload is accepted only when it is at most ``QINFO_PHOTO_MAX_BYTES`` long and Pillow opens and
verifies it as a JPEG, PNG or WebP picture of at most ``MAX_PIXELS`` pixels (a small file that
decodes into a huge picture, a "decompression bomb", is refused before it is decoded). It is then
turned upright (the EXIF orientation), shrunk so that its longest side is at most ``MAX_SIDE``
pixels, and re-encoded as a JPEG *without* its metadata: EXIF (the camera's GPS position, the
phone's model, the time), comments and colour profiles are all dropped, for privacy.

Files are stored in the default storage (``MEDIA_ROOT``, outside the static files) under random
names. Nothing serves ``MEDIA_ROOT`` publicly: every image goes through a view that asks the
policy of the row it belongs to.

A service calls ``prepare`` on every upload before it writes anything (a refusal raises a
DomainError and nothing is stored), then ``store`` inside its transaction, and ``discard`` the
stored names when the transaction fails.
"""

from __future__ import annotations

import secrets
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO
from typing import IO, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from qinfo.core.errors import DomainError
from qinfo.core.services import refuse

#: Formats accepted as uploads (Pillow's names).
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
#: Longest side of a stored photo, in pixels.
MAX_SIDE = 1600
#: Most pixels an upload may have (a 48-megapixel phone camera fits).
MAX_PIXELS = 50_000_000
JPEG_QUALITY = 82


@dataclass(frozen=True)
class Photo:
    """A checked photo, re-encoded as a JPEG without metadata, not yet stored."""

    content: bytes
    width: int
    height: int


def max_bytes() -> int:
    return int(settings.QINFO_PHOTO_MAX_BYTES)


def _read_bounded(upload: IO[bytes] | Any, limit: int, field: str | None) -> bytes:
    size = getattr(upload, "size", None)
    too_big = refuse(
        _("The photo is larger than %(limit)s MB.") % {"limit": _megabytes(limit)},
        code="photo_too_large",
        field=field,
    )
    if size is not None and size > limit:
        raise too_big
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise too_big
    return bytes(data)


def _megabytes(limit: int) -> str:
    return f"{limit / (1024 * 1024):g}"


def prepare(upload: IO[bytes] | Any, *, field: str | None = "photos") -> Photo:
    """Checks one upload and re-encodes it; raises DomainError (nothing stored) when refused."""
    data = _read_bounded(upload, max_bytes(), field)
    not_image = refuse(
        _("The file is not a photo (JPEG, PNG or WebP)."), code="photo_not_image", field=field
    )
    too_many = refuse(
        _("The photo has too many pixels (at most %(limit)s million).")
        % {"limit": MAX_PIXELS // 1_000_000},
        code="photo_too_many_pixels",
        field=field,
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data)) as probe:
                if probe.format not in ACCEPTED_FORMATS:
                    raise not_image
                if probe.width * probe.height > MAX_PIXELS:
                    raise too_many
                probe.verify()
            with Image.open(BytesIO(data)) as image:
                image.load()
                clean = _cleaned(image)
    except DomainError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise too_many from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise not_image from exc
    out = BytesIO()
    clean.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return Photo(content=out.getvalue(), width=clean.width, height=clean.height)


def _cleaned(image: Image.Image) -> Image.Image:
    """Upright, at most MAX_SIDE on its longest side, RGB on white, with no metadata at all."""
    upright = ImageOps.exif_transpose(image) or image
    upright.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    rgba = upright.convert("RGBA")
    # A fresh canvas carries none of the source's info (EXIF, comments, ICC profile, XMP).
    clean = Image.new("RGB", rgba.size, (255, 255, 255))
    clean.paste(rgba, mask=rgba.getchannel("A"))
    return clean


def store(photo: Photo, folder: str) -> str:
    """Writes a prepared photo under a random name in ``folder``; answers the storage name."""
    name = f"{folder.strip('/')}/{secrets.token_urlsafe(18)}.jpg"
    return default_storage.save(name, ContentFile(photo.content))


def discard(names: Iterable[str]) -> None:
    """Removes stored photos (after a failed transaction, or with the row they belong to)."""
    for name in names:
        if name:
            default_storage.delete(name)


def open_photo(name: str) -> IO[bytes]:
    """The stored bytes of a photo, for the protected views only; raises FileNotFoundError."""
    if not name or not default_storage.exists(name):
        raise FileNotFoundError(name)
    return default_storage.open(name, "rb")
