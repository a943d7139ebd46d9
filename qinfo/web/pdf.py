"""HTML to PDF with WeasyPrint, in Thai.

Pango lays the pages out and shapes Thai script (vowels and tone marks above and below the
consonant) with HarfBuzz, drawing it with the TLWG Thai fonts of Debian's fonts-thai-tlwg
(installed by scripts/system-deps). Nothing is fetched: the stylesheets are inlined from the
app's static files, and the only URLs WeasyPrint may open are ``data:`` URLs.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.utils.safestring import SafeString, mark_safe

#: The stylesheets of a printed child's record, in order.
PRINT_CSS = ("web/child.css", "web/child-print.css")


@cache
def inline_css(*names: str) -> SafeString:
    """The text of static stylesheets, to put in a <style> element of a PDF's HTML."""
    parts = []
    for name in names:
        found = finders.find(name)
        if not found:
            raise FileNotFoundError(name)
        parts.append(Path(str(found)).read_text(encoding="utf-8"))
    return mark_safe("\n".join(parts))  # our own stylesheets


def html_to_pdf(html: str) -> bytes:
    """An HTML document laid out as PDF pages (page size and margins come from its CSS).

    Fonts are embedded whole (``full_fonts``) so that the PDF maps each glyph back to its
    character from the font's own table: with subsetting, WeasyPrint maps a glyph to the text of
    the first cluster it was drawn in, and Thai clusters (a consonant with its vowel and tone
    mark) then come out of copy and paste or search garbled.
    docs/decisions/0008-pdf-weasyprint-thai.md.
    """
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=("data",))
    return bytes(HTML(string=html, url_fetcher=fetcher).write_pdf(full_fonts=True))


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
