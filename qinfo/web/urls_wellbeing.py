"""Pages for the health and SDQ; their names live in the ``web`` namespace."""

from django.urls import URLPattern, path

from qinfo.web.views import wellbeing

urlpatterns: list[URLPattern] = [
    path(
        "classrooms/<int:classroom_id>/health/",
        wellbeing.classroom_health,
        name="classroom_health",
    ),
    path("students/<int:student_id>/sdq/", wellbeing.student_sdq, name="student_sdq"),
]
