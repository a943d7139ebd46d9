from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "qinfo.organisations"
    label = "organisations"
