from django.apps import AppConfig


class WellbeingConfig(AppConfig):
    name = "qinfo.wellbeing"
    label = "wellbeing"
