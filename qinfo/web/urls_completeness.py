"""Pages for the completeness of data entry; their names live in the ``web`` namespace."""

from django.urls import URLPattern, path

from qinfo.web.views import completeness

urlpatterns: list[URLPattern] = [
    path("completeness/", completeness.completeness_home, name="completeness"),
    path(
        "schools/<int:school_id>/completeness/",
        completeness.school_completeness,
        name="school_completeness",
    ),
]
