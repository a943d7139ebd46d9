"""Pages for the poverty screening and home visits; their names live in the ``web`` namespace."""

from django.urls import URLPattern, path  # noqa: F401

urlpatterns: list[URLPattern] = []
