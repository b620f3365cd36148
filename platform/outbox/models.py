from django.db import models


class OutboxMessage(models.Model):
    topic = models.CharField(max_length=100)
    # Each subscriber of the topic has its own row (spiral.platform.outbox.subscribers).
    subscriber = models.CharField(max_length=100)
    # The message's stable id: writing the same event twice is a no-op, and a
    # receiver can drop a repeat delivery by it.
    key = models.CharField(max_length=200)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    relayed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["key", "subscriber"], name="outbox_once_per_subscriber")
        ]
        indexes = [
            models.Index(
                fields=["id"], condition=models.Q(relayed_at__isnull=True), name="outbox_unrelayed"
            )
        ]

    def __str__(self) -> str:
        return self.key
