from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "spiral.platform.accounts"
    label = "accounts"
    verbose_name = "Accounts"
