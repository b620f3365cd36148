from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "spiral.platform.outbox"
    label = "outbox"
    verbose_name = "Outbox"

    def ready(self):
        from spiral.platform.outbox import email
        from spiral.platform.outbox.relay import relay_run_scope
        from spiral.platform.outbox.subscribers import subscribe

        subscribe(email.TOPIC, "outbox.smtp", email.send)
        relay_run_scope(email.one_connection_per_run)
