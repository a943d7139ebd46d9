"""Pages for the poverty screening and home visits; their names live in the ``web`` namespace."""

from django.urls import URLPattern, path

from qinfo.web.views import care

urlpatterns: list[URLPattern] = [
    path("students/<int:student_id>/photo/", care.student_photo, name="student_photo"),
    path("students/<int:student_id>/home-visit/", care.home_visit, name="home_visit"),
    path("students/<int:student_id>/poverty/", care.poverty_screening, name="poverty_screening"),
    path("classrooms/<int:classroom_id>/homes/", care.class_homes, name="class_homes"),
]
