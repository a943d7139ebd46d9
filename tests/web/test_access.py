"""Who reaches which page: anonymous users go to the sign-in page; out of scope answers 404."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse

from qinfo.web.registry import KINDS
from tests.web.conftest import PageWorld

pytestmark = pytest.mark.django_db


def page_urls(w: PageWorld) -> list[str]:
    return [
        reverse("web:home"),
        reverse("web:schools"),
        reverse("web:school", args=[w.school_a.pk]),
        reverse("web:classroom", args=[w.class_a.pk]),
        reverse("web:students"),
        reverse("web:student", args=[w.mover.pk]),  # type: ignore[union-attr]
    ]


def test_anonymous_is_sent_to_the_sign_in_page(page_world: PageWorld) -> None:
    client = Client()
    for url in page_urls(page_world):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("web:login") + "?next="), url


@pytest.mark.parametrize(
    ("persona", "name"),
    [
        ("outsider", "school"),
        ("outsider", "classroom"),
        ("outsider", "student"),
        ("nobody", "student"),
        ("teacher", "student_outside"),
        ("director", "student_outside"),
    ],
)
def test_out_of_scope_answers_404(page_world: PageWorld, persona: str, name: str) -> None:
    url = {
        "school": reverse("web:school", args=[page_world.school_a.pk]),
        "classroom": reverse("web:classroom", args=[page_world.class_a.pk]),
        "student": reverse("web:student", args=[page_world.students[0].pk]),
        "student_outside": reverse("web:student", args=[page_world.outside.pk]),  # type: ignore[union-attr]
    }[name]
    response = page_world.client(persona).get(url)
    assert response.status_code == 404
    # The 404 page reveals nothing of the record.
    assert "ภายนอก" not in response.content.decode()


def test_a_missing_student_answers_404_like_a_hidden_one(page_world: PageWorld) -> None:
    response = page_world.client("officer").get(reverse("web:student", args=[999999]))
    assert response.status_code == 404


def test_every_web_page_says_what_it_shows() -> None:
    resolver = get_resolver()
    web = resolver.namespace_dict["web"][1]
    patterns = [p for p in web.url_patterns if isinstance(p, URLPattern)]
    assert len(patterns) >= 8
    for pattern in patterns:
        shows = getattr(pattern.callback, "qinfo_shows", None)
        assert shows in KINDS, pattern
        if shows == "student_detail":
            assert "student_id" in pattern.pattern.converters
