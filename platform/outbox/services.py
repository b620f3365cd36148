from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from django.core.cache import cache
from django.db import transaction

from spiral.platform.outbox.models import OutboxMessage
from spiral.platform.outbox.subscribers import subscribers_of


class Publication(NamedTuple):
    topic: str
    key: str  # the message's stable id: publishing the same key twice is a no-op
    payload: dict
    not_before: datetime | None = None  # held until then (quiet hours)


def outbox_publish(messages: Iterable[Publication | tuple]) -> None:
    """Writes each message once per subscriber of its topic, in the caller's
    transaction and one statement; a key written before is skipped."""
    rows = [
        OutboxMessage(
            topic=message.topic,
            subscriber=subscriber.name,
            key=message.key,
            payload=message.payload,
            next_attempt_at=message.not_before,
        )
        for message in (Publication(*m) for m in messages)
        for subscriber in subscribers_of(message.topic)
    ]
    OutboxMessage.objects.bulk_create(rows, ignore_conflicts=True)


def outbox_relay_soon(*, subscribers: Iterable[str], within_seconds: float) -> None:
    """After commit, asks a worker to relay these subscribers' messages of this
    tenant within the given time. While one such request is pending, further
    ones are dropped (a burst of changes gives one relay); the relay clears the
    mark before it reads, so a change committed after that gets a relay of its
    own. The beat's relay every minute delivers anyway: this only makes it sooner."""
    names = sorted(subscribers)

    def request():
        from spiral.workers.app import app  # the web process enqueues, workers relay

        if cache.add(relay_requested_key(names), 1, timeout=int(within_seconds) + 60):
            app.send_task(
                "spiral.outbox.relay", kwargs={"subscribers": names}, countdown=within_seconds
            )

    # robust: the change is committed already, and the minutely relay will
    # deliver; a broker or Redis outage must not turn it into an error.
    transaction.on_commit(request, robust=True)


def relay_requested_key(names: list[str]) -> str:
    # The cache's key function adds the tenant schema: tenants never share it.
    return f"outbox:relay-requested:{','.join(sorted(names))}"
