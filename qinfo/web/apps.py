from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "qinfo.web"
    label = "web"
