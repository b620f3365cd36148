from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "spiral.programs.org"
    label = "org"
    verbose_name = "Organisation"
