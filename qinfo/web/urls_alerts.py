"""Pages of the early warning (alerts); their names live in the ``web`` namespace."""

from django.urls import URLPattern, path

from qinfo.web.views import alerts

urlpatterns: list[URLPattern] = [
    path("alerts/", alerts.inbox, name="alerts_inbox"),
    path("alerts/students/<int:student_id>/", alerts.alert_page, name="alert"),
    path("watchlist/", alerts.watchlist, name="watchlist"),
]
