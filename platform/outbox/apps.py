from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "spiral.platform.outbox"
    label = "outbox"
    verbose_name = "Outbox"

    def ready(self):
        from spiral.platform.outbox import email  # noqa: F401 (registers its handler)
