from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "spiral.platform.audit"
    label = "audit"
    verbose_name = "Audit trail"
