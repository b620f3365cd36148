"""Delivers outbox messages, each to its subscriber (see subscribers.py). A
relay claims a batch of due messages in one short transaction (SKIP LOCKED, so
two relays never claim the same message) by setting a lease: until the lease
ends no other relay takes them. Each message is then delivered and recorded as
delivered at once, in a statement of its own. A crash between the receiver
accepting a message and that record means one repeat delivery, with the same
message id, which the receiver can drop; the rest of a crashed relay's batch is
delivered after the lease."""

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack, contextmanager
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from spiral.platform.outbox.models import OutboxMessage
from spiral.platform.outbox.subscribers import subscriber_named, subscriber_names

log = logging.getLogger(__name__)

# Resources a relay run opens once and its subscribers share (one SMTP
# connection for the whole run rather than one per message).
RUN_SCOPES: list[Callable[[], AbstractContextManager]] = []
MAX_BACKOFF = timedelta(hours=1)


def relay_run_scope(factory: Callable[[], AbstractContextManager]) -> None:
    """Registers (in an app's ready()) a context manager entered around every relay run."""
    if factory in RUN_SCOPES:
        raise ValueError(f"{factory.__qualname__} is registered already.")
    RUN_SCOPES.append(factory)


def _backoff(attempts: int) -> timedelta:
    return min(timedelta(seconds=30 * 2 ** (attempts - 1)), MAX_BACKOFF)


def outbox_relay(*, limit: int = 500, batch: int = 50, subscribers: list[str] | None = None) -> int:
    """Delivers up to ``limit`` due messages of registered subscribers (or of
    the ones named), claiming ``batch`` at a time. Returns how many were delivered."""
    registered = subscriber_names()
    # A name this process does not know (a request from another release) is skipped.
    names = registered if subscribers is None else [n for n in subscribers if n in registered]
    delivered = 0
    with ExitStack() as run:
        run.enter_context(_commits_without_waiting_for_the_disk())
        for scope in RUN_SCOPES:
            run.enter_context(scope())
        longest = timedelta(seconds=settings.OUTBOX_DELIVERY_TIMEOUT_SECONDS)
        covered: set[int] = set()  # delivered along with another (coalescing subscribers)
        while delivered < limit:
            claimed, lease_ends = _claim(min(batch, limit - delivered), names)
            if not claimed:
                break
            batch_ids = [m.pk for m in claimed]
            for position, message in enumerate(claimed):
                if message.pk in covered:
                    continue
                if timezone.now() + longest > lease_ends:
                    # Too slow to finish in the lease: leave the rest to the next run.
                    rest = [m.pk for m in claimed[position:]]
                    OutboxMessage.objects.filter(pk__in=rest).update(
                        next_attempt_at=None, attempts=F("attempts") - 1
                    )
                    return delivered
                done = _deliver(message, batch_ids)
                covered.update(done)
                delivered += len(done)
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
def _claim(size: int, subscribers: list[str]) -> tuple[list[OutboxMessage], datetime]:
    now = timezone.now()
    lease_ends = now + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    due = list(
        OutboxMessage.objects.select_for_update(skip_locked=True)
        .filter(relayed_at=None, subscriber__in=subscribers)
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


def _deliver(message: OutboxMessage, batch_ids: list[int]) -> list[int]:
    """Delivers the message; returns the ids of the messages it stands for
    (none if it failed, and it is tried again later)."""
    subscriber = subscriber_named(message.subscriber)
    # Read before delivering: the delivery re-reads state they all asked for.
    covered = _pending_alike(message, batch_ids) if subscriber.coalesce else []
    try:
        subscriber.deliver(message)
    except Exception as exc:  # any failure: try again later, and say why
        reason = f"{exc.__class__.__name__}: {exc}"
        OutboxMessage.objects.filter(pk=message.pk).update(
            next_attempt_at=timezone.now() + _backoff(message.attempts),
            last_error=reason[:2000],
        )
        # The reason is the exception's text only (an SMTP server's answer, a
        # refused connection): never the message's payload, whose body may
        # carry a one-time link.
        log.warning(
            "outbox delivery failed",
            extra={
                "key": message.key,
                "subscriber": message.subscriber,
                "attempts": message.attempts,
                "reason": reason[:500],
            },
        )
        return []
    done = [message.pk, *covered]
    OutboxMessage.objects.filter(pk__in=done).update(relayed_at=timezone.now())
    return done


def _pending_alike(message: OutboxMessage, batch_ids: list[int]) -> list[int]:
    """The other undelivered messages of the same subscriber, committed by now,
    that are this relay's to deliver: in its batch, or due and unclaimed (not
    held for later, not leased by another relay)."""
    due = Q(next_attempt_at=None) | Q(next_attempt_at__lte=timezone.now())
    return list(
        OutboxMessage.objects.filter(subscriber=message.subscriber, relayed_at=None)
        .filter(due | Q(pk__in=batch_ids))
        .exclude(pk=message.pk)
        .values_list("pk", flat=True)
    )
