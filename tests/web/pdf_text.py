"""The text of a PDF, as a person copying it would get it (pypdf), normalised for Thai."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

#: HarfBuzz draws SARA AM (ำ) as NIKHAHIT and SARA AA, with a tone mark between them when there
#: is one (น้ำ → น ํ ้ า); the PDF gives those characters back. Put SARA AM together again.
_SARA_AM = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return _SARA_AM.sub("\\1\u0e33", text)


def pdf_pages(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)
