"""Email through the outbox: topic ``email.send``. The Message-ID is made from
the message's key, so a repeat delivery carries the same id."""

import hashlib
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection

from spiral.platform.outbox.models import OutboxMessage

TOPIC = "email.send"
# The relay run's mail connection: opened by the first email, kept open.
_connection = ContextVar("outbox_mail_connection", default=None)


@contextmanager
def one_connection_per_run():
    connection = get_connection()
    token = _connection.set(connection)
    try:
        yield
    finally:
        _connection.reset(token)
        connection.close()


def message_id(key: str) -> str:
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">") or "spiral"
    return f"<{digest}@{domain}>"


def send(message: OutboxMessage) -> None:
    payload = message.payload
    email = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        to=[payload["to"]],
        headers={"Message-ID": message_id(message.key)},
        connection=_connection.get(),
    )
    if payload.get("html"):
        email.attach_alternative(payload["html"], "text/html")
    if payload.get("calendar"):
        method = payload.get("method", "REQUEST")
        email.attach_alternative(
            payload["calendar"], f"text/calendar; method={method}; charset=utf-8"
        )
    try:
        if email.connection is not None:
            email.connection.open()  # a no-op once open
        email.send()
    except Exception:
        # A broken connection is reopened for the next message.
        if email.connection is not None:
            email.connection.close()
        raise
