"""Pages of the learned model and its card; their names live in the ``web`` namespace."""

from django.urls import URLPattern, path

from qinfo.web.views import risk_model

urlpatterns: list[URLPattern] = [
    path("risk/model/", risk_model.model_card, name="risk_model"),
]
