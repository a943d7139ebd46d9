"""Pages for the national tests and literacy; their names live in the ``web`` namespace."""

from django.urls import URLPattern, path

from qinfo.web.views import exams

urlpatterns: list[URLPattern] = [
    path("national-tests/", exams.network_national_tests, name="national_tests"),
    path(
        "schools/<int:school_id>/national-tests/",
        exams.school_national_tests,
        name="school_national_tests",
    ),
    path("national-tests/import/", exams.national_tests_import, name="national_tests_import"),
    path(
        "national-tests/template.xlsx",
        exams.national_tests_template,
        name="national_tests_template",
    ),
    path("national-tests/means/", exams.national_means, name="national_means"),
    path(
        "classrooms/<int:classroom_id>/literacy/",
        exams.classroom_literacy,
        name="classroom_literacy",
    ),
]
