"""Pages for the grade book; their names live in the ``web`` namespace."""

from django.urls import URLPattern, path

from qinfo.web.views.gradebook import grade_book_page

urlpatterns: list[URLPattern] = [
    path("classrooms/<int:classroom_id>/grade-book/", grade_book_page, name="grade_book"),
]
