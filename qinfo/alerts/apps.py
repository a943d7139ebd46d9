from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "qinfo.alerts"
    label = "alerts"
