"""Thai first, English on request; Buddhist Era dates; a complete, compiled Thai catalog."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polib  # type: ignore[import-untyped]
import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from tests.web.conftest import PageWorld

CATALOG = Path(settings.BASE_DIR) / "qinfo" / "locale" / "th" / "LC_MESSAGES"


@pytest.mark.django_db
def test_language_switch_changes_the_interface_and_back(page_world: PageWorld) -> None:
    client = page_world.client("director")
    url = reverse("web:student", args=[page_world.mover.pk])  # type: ignore[union-attr]
    html = client.get(url).content.decode()
    assert 'lang="th"' in html and "ออกจากระบบ" in html and "14 มี.ค. 2561" in html

    response = client.post(reverse("set_language"), {"language": "en", "next": url})
    assert response.status_code == 302 and response["Location"] == url
    html = client.get(url).content.decode()
    assert 'lang="en"' in html and "Sign out" in html and "ออกจากระบบ" not in html
    assert "14 Mar 2561 BE" in html  # still the Buddhist Era
    assert "Transferred out" in html and "Moved house" in html
    assert "School director" in html  # the role in the header

    client.post(reverse("set_language"), {"language": "th", "next": url})
    html = client.get(url).content.decode()
    assert "ออกจากระบบ" in html and "ผู้อำนวยการโรงเรียน" in html


@pytest.mark.parametrize(("language", "expected"), [("th", "1 มิ.ย. 2568"), ("en", "1 Jun 2568 BE")])
def test_be_date_filter(language: str, expected: str) -> None:
    template = Template("{% load qinfo_tags %}{{ day|be_date }}")
    with translation.override(language):
        assert template.render(Context({"day": dt.date(2025, 6, 1)})) == expected


def test_grade_levels_are_thai() -> None:
    from qinfo.organisations.models import GradeLevel

    with translation.override("th"):
        labels = [str(g.label) for g in GradeLevel]
    assert labels[0] == "อ.1" and labels[3] == "ป.1" and labels[-1] == "ม.6"


def test_every_entry_of_the_thai_catalog_is_translated() -> None:
    po = polib.pofile(str(CATALOG / "django.po"))
    assert len(po) > 100
    untranslated = [e.msgid for e in po if not e.translated()]
    fuzzy = [e.msgid for e in po if "fuzzy" in e.flags]
    assert untranslated == [] and fuzzy == []


def test_the_compiled_catalog_matches_the_po(tmp_path: Path) -> None:
    po = polib.pofile(str(CATALOG / "django.po"))
    fresh = tmp_path / "fresh.mo"
    po.save_as_mofile(str(fresh))

    def entries(mo: polib.MOFile) -> dict[tuple[str | None, str], object]:
        return {
            (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in mo
        }

    committed = polib.mofile(str(CATALOG / "django.mo"))
    assert entries(committed) == entries(polib.mofile(str(fresh))), (
        "django.mo is stale: run compilemessages (see qinfo/locale/README)"
    )


THAI_FIRST = [
    "qinfo.web.middleware.ThaiFirstLocaleMiddleware"
    if m == "django.middleware.locale.LocaleMiddleware"
    else m
    for m in settings.MIDDLEWARE
]


@pytest.mark.django_db
def test_thai_first_middleware_ignores_the_browser_language(page_world: PageWorld) -> None:
    with override_settings(MIDDLEWARE=THAI_FIRST):
        client = page_world.client("teacher")
        html = client.get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
        assert 'lang="th"' in html
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        html = client.get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE="th").content.decode()
        assert 'lang="en"' in html
