"""Reads of the API's own records."""

from spiral.api.models import IdempotencyRecord


def idempotency_record(*, principal: str, key: str) -> IdempotencyRecord:
    return IdempotencyRecord.objects.get(principal=principal, key=key)
