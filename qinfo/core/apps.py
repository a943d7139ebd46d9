from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "qinfo.core"
    label = "core"
    verbose_name = "qinfo core"
