from django.urls import include, path

from qinfo.web import views
from qinfo.web.registry import shows

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", shows("none")(views.LoginView.as_view()), name="login"),
    path("logout/", shows("none")(views.LogoutView.as_view()), name="logout"),
    path("schools/", views.school_list, name="schools"),
    path("schools/<int:school_id>/", views.school_detail, name="school"),
    path("classrooms/<int:classroom_id>/", views.classroom_detail, name="classroom"),
    path("students/", views.student_index, name="students"),
    path("students/<int:student_id>/", views.student_detail, name="student"),
    path("students/<int:student_id>/pdf/", views.students.student_pdf, name="student_pdf"),
    path("matches/", views.match_review, name="matches"),
    path("", include("qinfo.web.urls_rollcall")),
    path("", include("qinfo.web.urls_gradebook")),
    path("", include("qinfo.web.urls_exams")),
    path("", include("qinfo.web.urls_wellbeing")),
    path("", include("qinfo.web.urls_care")),
    path("", include("qinfo.web.urls_completeness")),
    path("", include("qinfo.web.urls_risk")),
    path("", include("qinfo.web.urls_riskmodel")),
    path("", include("qinfo.web.urls_alerts")),
    path("", include("qinfo.web.urls_dashboards")),
    path("", include("qinfo.web.urls_blueprint")),
]
