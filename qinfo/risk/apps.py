from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "qinfo.risk"
    label = "risk"
