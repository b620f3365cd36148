"""What the API keeps per tenant: integration clients and idempotency records."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _
from oauth2_provider.models import Application


class ApiClient(models.Model):
    """An integration (HR system, intranet, BI tool) that calls the API with
    OAuth2 client credentials. Lives in the tenant's schema, so its tokens are
    unknown on every other tenant's host."""

    name = models.CharField(_("name"), max_length=200)
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="spiral_client"
    )
    scopes = ArrayField(models.CharField(max_length=40), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class IdempotencyRecord(models.Model):
    """The first response to a POST sent with an Idempotency-Key, replayed for
    repeats of the same request by the same caller."""

    principal = models.CharField(max_length=100)
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True)  # null: in progress
    body = models.JSONField(null=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["principal", "key"], name="idempotency_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.principal} {self.key}"
