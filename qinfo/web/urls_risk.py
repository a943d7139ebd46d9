"""Pages of the early warning (risk); their names live in the ``web`` namespace."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
