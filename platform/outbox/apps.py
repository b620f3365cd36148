from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "spiral.platform.outbox"
    label = "outbox"
    verbose_name = "Outbox"
