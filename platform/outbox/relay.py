"""Delivers outbox messages: each in its own short transaction, locked so that
two relays never take the same message, recorded as delivered right after the
receiver accepted it. A crash between the two means one repeat delivery, with
the same message id, which the receiver can drop."""

import logging
from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from spiral.platform.outbox.models import OutboxMessage

log = logging.getLogger(__name__)

Handler = Callable[[OutboxMessage], None]
HANDLERS: dict[str, Handler] = {}
MAX_BACKOFF = timedelta(hours=1)


def handles(topic: str) -> Callable[[Handler], Handler]:
    """Registers the function that delivers messages of ``topic``."""

    def register(handler: Handler) -> Handler:
        HANDLERS[topic] = handler
        return handler

    return register


def _backoff(attempts: int) -> timedelta:
    return min(timedelta(seconds=30 * 2 ** (attempts - 1)), MAX_BACKOFF)


def outbox_relay(*, limit: int = 500) -> int:
    """Delivers up to ``limit`` due messages of topics that have a handler.
    Returns how many were delivered."""
    delivered = 0
    for _ in range(limit):
        with transaction.atomic():
            now = timezone.now()
            message = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(relayed_at=None, topic__in=list(HANDLERS))
                .filter(Q(next_attempt_at=None) | Q(next_attempt_at__lte=now))
                .order_by("id")
                .first()
            )
            if message is None:
                break
            try:
                HANDLERS[message.topic](message)
            except Exception as exc:  # any failure: try again later, and say why
                message.attempts += 1
                message.next_attempt_at = now + _backoff(message.attempts)
                message.last_error = f"{exc.__class__.__name__}: {exc}"[:2000]
                message.save(update_fields=["attempts", "next_attempt_at", "last_error"])
                log.warning("outbox delivery failed", extra={"key": message.key})
                continue
            message.relayed_at = timezone.now()
            message.attempts += 1
            message.save(update_fields=["relayed_at", "attempts"])
            delivered += 1
    return delivered
