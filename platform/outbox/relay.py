"""Delivers outbox messages. A relay claims a batch of due messages in one
short transaction (SKIP LOCKED, so two relays never claim the same message)
by setting a lease: until the lease ends no other relay takes them. Each
message is then delivered and recorded as delivered at once, in a statement
of its own. A crash between the receiver accepting a message and that record
means one repeat delivery, with the same message id, which the receiver can
drop; the rest of a crashed relay's batch is delivered after the lease."""

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack, contextmanager
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from spiral.platform.outbox.models import OutboxMessage

log = logging.getLogger(__name__)

Handler = Callable[[OutboxMessage], None]
HANDLERS: dict[str, Handler] = {}
# Resources a relay run opens once and its handlers share (one SMTP connection
# for the whole run rather than one per message).
RUN_SCOPES: list[Callable[[], AbstractContextManager]] = []
MAX_BACKOFF = timedelta(hours=1)


def handles(topic: str) -> Callable[[Handler], Handler]:
    """Registers the function that delivers messages of ``topic``."""

    def register(handler: Handler) -> Handler:
        HANDLERS[topic] = handler
        return handler

    return register


def relay_run_scope(
    factory: Callable[[], AbstractContextManager],
) -> Callable[[], AbstractContextManager]:
    """Registers a context manager entered around every relay run."""
    RUN_SCOPES.append(factory)
    return factory


def _backoff(attempts: int) -> timedelta:
    return min(timedelta(seconds=30 * 2 ** (attempts - 1)), MAX_BACKOFF)


def outbox_relay(*, limit: int = 500, batch: int = 50) -> int:
    """Delivers up to ``limit`` due messages of topics that have a handler,
    claiming ``batch`` at a time. Returns how many were delivered."""
    delivered = 0
    with ExitStack() as run:
        run.enter_context(_commits_without_waiting_for_the_disk())
        for scope in RUN_SCOPES:
            run.enter_context(scope())
        longest = timedelta(seconds=settings.OUTBOX_DELIVERY_TIMEOUT_SECONDS)
        while delivered < limit:
            claimed, lease_ends = _claim(min(batch, limit - delivered))
            if not claimed:
                break
            for position, message in enumerate(claimed):
                if timezone.now() + longest > lease_ends:
                    # Too slow to finish in the lease: leave the rest to the next run.
                    rest = [m.pk for m in claimed[position:]]
                    OutboxMessage.objects.filter(pk__in=rest).update(
                        next_attempt_at=None, attempts=F("attempts") - 1
                    )
                    return delivered
                delivered += _deliver(message)
    return delivered


@contextmanager
def _commits_without_waiting_for_the_disk():
    """The relay commits once per message. Waiting for each commit to reach the
    disk would halve its speed, and buys little: what PostgreSQL could lose in
    a crash of its own (well under a second of records) is delivered again,
    with the same message ids, which receivers drop. A crash of the relay
    itself loses no commit either way."""
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


@transaction.atomic
def _claim(size: int) -> tuple[list[OutboxMessage], datetime]:
    now = timezone.now()
    lease_ends = now + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    due = list(
        OutboxMessage.objects.select_for_update(skip_locked=True)
        .filter(relayed_at=None, topic__in=list(HANDLERS))
        .filter(Q(next_attempt_at=None) | Q(next_attempt_at__lte=now))
        .order_by("id")
        .values_list("pk", flat=True)[:size]
    )
    if not due:
        return [], lease_ends
    OutboxMessage.objects.filter(pk__in=due).update(
        next_attempt_at=lease_ends, attempts=F("attempts") + 1
    )
    return list(OutboxMessage.objects.filter(pk__in=due).order_by("id")), lease_ends


def _deliver(message: OutboxMessage) -> bool:
    try:
        HANDLERS[message.topic](message)
    except Exception as exc:  # any failure: try again later, and say why
        OutboxMessage.objects.filter(pk=message.pk).update(
            next_attempt_at=timezone.now() + _backoff(message.attempts),
            last_error=f"{exc.__class__.__name__}: {exc}"[:2000],
        )
        log.warning("outbox delivery failed", extra={"key": message.key})
        return False
    OutboxMessage.objects.filter(pk=message.pk).update(relayed_at=timezone.now())
    return True
