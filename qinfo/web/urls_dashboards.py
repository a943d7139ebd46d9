from django.urls import URLPattern, path

from qinfo.web.views import dashboard_teacher, dashboards

urlpatterns: list[URLPattern] = [
    path("dashboards/teacher/", dashboard_teacher.teacher_dashboard, name="dashboard_teacher"),
    path("dashboards/city/", dashboards.city_dashboard, name="dashboard_city"),
    path(
        "dashboards/school/<int:school_id>/",
        dashboards.school_dashboard,
        name="dashboard_school",
    ),
    path(
        "dashboards/classroom/<int:classroom_id>/",
        dashboards.classroom_dashboard,
        name="dashboard_classroom",
    ),
]
