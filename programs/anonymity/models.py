from django.contrib.postgres.fields import ArrayField
from django.db import models


class PublishedVersion(models.Model):
    """One version of one shown cell of a subject: the tokens of the people
    its figures covered (``ledger.respondent_token``), never the figures."""

    subject = models.CharField(max_length=200)
    key = models.CharField(max_length=300)
    fingerprint = models.CharField(max_length=64)
    members = ArrayField(models.BigIntegerField())
    size = models.PositiveIntegerField()
    threshold = models.PositiveSmallIntegerField()
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["subject", "key", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "key", "fingerprint"], name="anonymity_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.key} ({self.size})"
