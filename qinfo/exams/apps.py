from django.apps import AppConfig


class ExamsConfig(AppConfig):
    name = "qinfo.exams"
    label = "exams"
