from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "spiral.api"
    label = "api"
    verbose_name = "API"
