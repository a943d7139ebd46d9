from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "qinfo.accounts"
    label = "accounts"
