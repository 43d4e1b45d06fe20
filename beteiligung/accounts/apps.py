from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "beteiligung.accounts"
    label = "accounts"
    verbose_name = "Konten"
