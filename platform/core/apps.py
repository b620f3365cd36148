from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "spiral.platform.core"
    label = "core"
    verbose_name = "Spiral core"
