"""Pages of the learned model and its card; their names live in the ``web`` namespace."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
