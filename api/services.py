"""Writes of the API's own records: idempotency claims and stored answers."""

from django.db import IntegrityError, transaction

from spiral.api.models import IdempotencyRecord


def idempotency_claim(*, principal: str, key: str, fingerprint: str) -> IdempotencyRecord | None:
    """A new claim on the key, or None when someone holds it already."""
    try:
        with transaction.atomic():
            return IdempotencyRecord.objects.create(
                principal=principal, key=key, fingerprint=fingerprint
            )
    except IntegrityError:
        return None


def idempotency_finish(*, record: IdempotencyRecord, status_code: int, body) -> None:
    record.status_code, record.body = status_code, body
    record.save(update_fields=["status_code", "body"])


def idempotency_release(*, record: IdempotencyRecord) -> None:
    """Frees the key for a retry (the request failed, or its claim was abandoned)."""
    record.delete()
