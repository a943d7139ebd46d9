from django.apps import AppConfig


class BlueprintConfig(AppConfig):
    name = "qinfo.blueprint"
    label = "blueprint"
