from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "qinfo.assessment"
    label = "assessment"
