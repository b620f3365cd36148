from django.apps import AppConfig


class AnonymityConfig(AppConfig):
    name = "spiral.programs.anonymity"
    label = "anonymity"
    verbose_name = "Anonymity"
