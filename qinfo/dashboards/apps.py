from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "qinfo.dashboards"
    label = "dashboards"
