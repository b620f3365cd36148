"""The climate pulse's emails: an invitation to each member when a pulse
opens, and a reminder before it closes to those who have not answered,
delivered by the real outbox relay to a real SMTP server."""

from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from django.utils import timezone

from spiral.platform.outbox.email import TOPIC as EMAIL
from spiral.platform.outbox.models import OutboxMessage
from spiral.platform.outbox.relay import outbox_relay
from spiral.programs.climate import notices
from spiral.programs.climate.services import (
    TOPIC_DUE,
    TOPIC_OPENED,
    climate_answer_submit,
    climate_pulse_close,
    climate_pulse_open,
)
from spiral.programs.sessions.models import NotificationPreference
from tests.programs.climate_helpers import RATINGS, climate_setup

pytestmark = pytest.mark.django_db


def _text(message) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode()


def _ours(sink, pulse) -> list:
    link = f"/climate/{pulse.public_id}/answer/"
    return [m for m in sink.messages if link in _text(m)]


def _emails(pulse, stage):
    return OutboxMessage.objects.filter(
        topic=EMAIL, key__startswith=f"climate:{pulse.public_id}:{stage}:"
    )


def test_opening_a_pulse_emails_each_member_a_link_once(world, in_tenant, smtp_sink):
    setup = climate_setup(world)
    with in_tenant(world.tenant):
        outbox_relay()
        sent = {m["To"]: m for m in _ours(smtp_sink, setup.pulse)}
        assert set(sent) == {p.email for p in setup.members}
        subject = str(make_header(decode_header(next(iter(sent.values()))["Subject"])))
        assert subject.startswith("Gruppklimat:") and world.work_group.name in subject
        delivered = len(smtp_sink.messages)
        before = OutboxMessage.objects.count()
        notices.pulse_opened(OutboxMessage.objects.get(topic=TOPIC_OPENED))
        assert OutboxMessage.objects.count() == before
        assert outbox_relay() == 0 and len(smtp_sink.messages) == delivered


def test_a_reminder_goes_to_members_who_have_not_answered(world, in_tenant, smtp_sink):
    setup = climate_setup(world)
    with in_tenant(world.tenant):
        due = OutboxMessage.objects.get(topic=TOPIC_DUE)
        local = timezone.localtime(due.next_attempt_at)
        assert local.date() == setup.pulse.closes_on - timedelta(days=3) and local.hour == 8
        outbox_relay()  # the invitations; the reminder is held until its day
        invited = len(smtp_sink.messages)
        answered, quiet = setup.members[0], setup.members[1]
        climate_answer_submit(pulse=setup.pulse, person=answered, ratings=RATINGS)
        NotificationPreference.objects.create(person=quiet, nudges=False)
        OutboxMessage.objects.filter(pk=due.pk).update(next_attempt_at=timezone.now())
        outbox_relay()
        reminded = {m["To"] for m in smtp_sink.messages[invited:]}
        assert reminded == {p.email for p in setup.members} - {answered.email, quiet.email}
        # Once closed, a repeat delivery asks nothing.
        climate_pulse_close(pulse=setup.pulse)
        _emails(setup.pulse, "reminder").delete()
        notices.pulse_due(due)
        assert not _emails(setup.pulse, "reminder").exists()


def test_a_short_pulse_has_no_reminder(world, in_tenant):
    setup = climate_setup(world)
    with in_tenant(world.tenant):
        climate_pulse_close(pulse=setup.pulse)
        short = climate_pulse_open(
            instance=setup.instance, closes_on=timezone.localdate() + timedelta(days=2)
        )
        assert OutboxMessage.objects.filter(key=f"opened:{short.public_id}").exists()
        assert not OutboxMessage.objects.filter(key=f"due:{short.public_id}").exists()
