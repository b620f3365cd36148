from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.functions import Now


class AppendOnlyQuerySet(models.QuerySet):
    """The trail is evidence: nothing in the product rewrites or removes it."""

    def update(self, **kwargs):
        raise TypeError("Audit events are never changed.")

    def delete(self):
        raise TypeError("Audit events are never deleted.")


class AuditEvent(models.Model):
    """Who changed what, when, and which fields.

    Actors are plain ids, not foreign keys: events outlive people, logins and
    integrations. ``changes`` is {field: [before, after]}; foreign keys appear as
    the referenced row's id; a private field is listed as {field: null}, so the
    trail says it changed without ever holding its text.
    """

    # The statement's time (Now() is STATEMENT_TIMESTAMP()): a bulk write's events share it.
    occurred_at = models.DateTimeField(db_default=Now())
    actor_user_id = models.BigIntegerField(null=True, blank=True)
    actor_person_id = models.BigIntegerField(null=True, blank=True)
    actor_client = models.CharField(max_length=100, blank=True)  # OAuth2 client_id
    actor_label = models.CharField(max_length=200, blank=True)  # "system:hr-import"
    action = models.CharField(max_length=100)  # "person.updated"
    object_type = models.CharField(max_length=100)  # model label: "org.person"
    object_id = models.CharField(max_length=64)  # public id, else primary key
    changes = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "occurred_at"], name="audit_object"),
            models.Index(fields=["occurred_at"], name="audit_occurred"),
            models.Index(
                fields=["actor_person_id", "occurred_at"],
                condition=models.Q(actor_person_id__isnull=False),
                name="audit_actor_person",
            ),
            models.Index(
                fields=["actor_client", "occurred_at"],
                condition=~models.Q(actor_client=""),
                name="audit_actor_client",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("Audit events are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit events are never deleted.")
