from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "qinfo.care"
    label = "care"
