"""Pages for the completeness of data entry; their names live in the ``web`` namespace."""

from django.urls import URLPattern, path  # noqa: F401

urlpatterns: list[URLPattern] = []
