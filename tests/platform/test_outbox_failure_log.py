"""A delivery that fails says why in the relay's log line (the SMTP server's
answer), not only that it failed, and never what the message carried."""

import pytest
from aiosmtpd.controller import Controller

from spiral.platform.outbox import email
from spiral.platform.outbox.models import OutboxMessage
from spiral.platform.outbox.relay import outbox_relay
from spiral.platform.outbox.services import outbox_publish
from tests.smtp import free_port

LINK = "http://alfa.spiral.test:8000/accounts/set-password/MTIz/secret-token/"


class RefusesEveryRecipient:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return "550 5.1.1 <nobody@example.se>: Recipient address rejected: User unknown"


@pytest.fixture
def refusing_smtp(settings):
    """A real SMTP server on loopback that refuses every recipient."""
    controller = Controller(RefusesEveryRecipient(), hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = (
        "127.0.0.1",
        controller.port,
        5,
    )
    yield
    controller.stop()


def test_a_failed_delivery_logs_the_smtp_servers_answer(
    refusing_smtp,
    tenant_a,
    in_tenant,
    log_lines,
):
    with in_tenant(tenant_a):
        payload = {"subject": "Din inloggning", "body": f"Välj lösenord: {LINK}"}
        outbox_publish([(email.TOPIC, "invite-1", {**payload, "to": "nobody@example.se"})])
        assert outbox_relay(subscribers=["outbox.smtp"]) == 0
        stored = OutboxMessage.objects.get(key="invite-1").last_error

    (line,) = [line for line in log_lines() if line["event"] == "outbox delivery failed"]
    assert line["key"] == "invite-1" and line["subscriber"] == "outbox.smtp"
    assert line["reason"].startswith("SMTPRecipientsRefused")
    assert "Recipient address rejected: User unknown" in line["reason"]
    assert line["reason"] in stored
    assert "set-password" not in str(line) and "secret-token" not in str(line)


def test_a_refused_connection_is_named_too(tenant_a, in_tenant, settings, log_lines):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    with in_tenant(tenant_a):
        payload = {"subject": "Hej", "body": "Hej", "to": "someone@example.se"}
        outbox_publish([(email.TOPIC, "hello-1", payload)])
        outbox_relay(subscribers=["outbox.smtp"])
    (line,) = [line for line in log_lines() if line["event"] == "outbox delivery failed"]
    assert "ConnectionRefusedError" in line["reason"]
