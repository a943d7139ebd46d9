from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "qinfo.audit"
    label = "audit"
