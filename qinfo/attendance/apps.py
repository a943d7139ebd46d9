from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "qinfo.attendance"
    label = "attendance"
