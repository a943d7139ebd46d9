from django.apps import AppConfig


class EnrolmentConfig(AppConfig):
    name = "qinfo.enrolment"
    label = "enrolment"
