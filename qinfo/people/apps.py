from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "qinfo.people"
    label = "people"
