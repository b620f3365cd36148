from django.core.cache import cache

from spiral.platform.outbox.relay import outbox_relay
from spiral.platform.outbox.services import relay_requested_key
from spiral.workers.app import app


@app.task(name="spiral.outbox.relay")
def relay(subscribers: list[str] | None = None) -> int:
    """Delivers the tenant's due outbox messages (of the subscribers named, when
    a change asked for a relay soon). Safe to run twice at once: each message
    is locked while it is delivered."""
    if subscribers is not None:
        # Cleared before reading: a change committed from now on asks again.
        cache.delete(relay_requested_key(subscribers))
    return outbox_relay(subscribers=subscribers)
