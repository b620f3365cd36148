"""Email through the outbox: topic ``email.send``. The Message-ID is made from
the message's key, so a repeat delivery carries the same id."""

import hashlib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from spiral.platform.outbox.models import OutboxMessage
from spiral.platform.outbox.relay import handles

TOPIC = "email.send"


def message_id(key: str) -> str:
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">") or "spiral"
    return f"<{digest}@{domain}>"


@handles(TOPIC)
def send(message: OutboxMessage) -> None:
    payload = message.payload
    email = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        to=[payload["to"]],
        headers={"Message-ID": message_id(message.key)},
    )
    if payload.get("calendar"):
        method = payload.get("method", "REQUEST")
        email.attach_alternative(
            payload["calendar"], f"text/calendar; method={method}; charset=utf-8"
        )
    email.send()
