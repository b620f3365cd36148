from collections.abc import Iterable

from spiral.platform.outbox.models import OutboxMessage


def outbox_publish(messages: Iterable[tuple[str, str, dict]]) -> None:
    """Writes (topic, key, payload) messages in the caller's transaction, in one
    statement; a key written before is skipped."""
    OutboxMessage.objects.bulk_create(
        [OutboxMessage(topic=topic, key=key, payload=payload) for topic, key, payload in messages],
        ignore_conflicts=True,
    )
