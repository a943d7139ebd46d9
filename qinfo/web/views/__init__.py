"""The pages. Each view carries ``qinfo_shows`` (qinfo.web.registry)."""

from qinfo.web.views.auth import LoginView, LogoutView
from qinfo.web.views.home import home
from qinfo.web.views.matches import match_review
from qinfo.web.views.schools import classroom_detail, school_detail, school_list
from qinfo.web.views.students import student_detail, student_index

__all__ = [
    "LoginView",
    "LogoutView",
    "classroom_detail",
    "home",
    "match_review",
    "school_detail",
    "school_list",
    "student_detail",
    "student_index",
]
