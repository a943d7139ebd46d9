"""Pages of the early warning (risk); their names live in the ``web`` namespace."""

from django.urls import URLPattern, path

from qinfo.web.views import risk

urlpatterns: list[URLPattern] = [
    path("risk/rules/", risk.risk_rules, name="risk_rules"),
    path("risk/scoring/", risk.risk_scoring, name="risk_scoring"),
    path("risk/scoring/progress/", risk.risk_scoring_progress, name="risk_scoring_progress"),
]
