from spiral.platform.outbox.relay import outbox_relay
from spiral.workers.app import app


@app.task(name="spiral.outbox.relay")
def relay() -> int:
    """Delivers the tenant's due outbox messages. Safe to run twice at once:
    each message is locked while it is delivered."""
    return outbox_relay()
