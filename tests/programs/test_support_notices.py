"""The support assessment's emails: an invitation to every respondent when a
round opens, and a reminder before it closes to those who have not answered,
delivered by the real outbox relay to a real SMTP server."""

from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from django.utils import timezone

from spiral.platform.outbox.email import TOPIC as EMAIL
from spiral.platform.outbox.models import OutboxMessage
from spiral.platform.outbox.relay import outbox_relay
from spiral.programs.sessions.models import NotificationPreference
from spiral.programs.support import notices
from spiral.programs.support.services import (
    TOPIC_DUE,
    TOPIC_OPENED,
    respondents,
    support_answer_submit,
    support_round_close,
)
from tests.programs.support_helpers import RATINGS, support_setup

pytestmark = pytest.mark.django_db


def _text(message) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode()


def _subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def _ours(sink, support_round) -> list:
    link = f"/support/{support_round.public_id}/answer/"
    return [m for m in sink.messages if link in _text(m)]


def _emails(support_round, stage):
    return OutboxMessage.objects.filter(
        topic=EMAIL, key__startswith=f"support:{support_round.public_id}:{stage}:"
    )


def test_opening_a_round_emails_each_respondent_a_link_once(world, in_tenant, smtp_sink):
    setup = support_setup(world)
    with in_tenant(world.tenant):
        people = list(respondents(programme=setup.programme))
        assert len(people) == 6  # the world's manager and the five extra ones
        outbox_relay()
        sent = {m["To"]: m for m in _ours(smtp_sink, setup.round)}
        assert set(sent) == {p.email for p in people}
        assert all(_text(m).startswith("En ny omgång") for m in sent.values())
        assert all(_subject(m).startswith("Stödbedömning:") for m in sent.values())
        delivered = len(smtp_sink.messages)
        # A repeat delivery of the same message writes nothing new.
        before = OutboxMessage.objects.count()
        notices.round_opened(OutboxMessage.objects.get(topic=TOPIC_OPENED))
        assert OutboxMessage.objects.count() == before
        assert outbox_relay() == 0 and len(smtp_sink.messages) == delivered


def test_a_reminder_before_the_close_goes_to_those_who_have_not_answered(
    world, in_tenant, smtp_sink
):
    setup = support_setup(world)
    with in_tenant(world.tenant):
        due = OutboxMessage.objects.get(topic=TOPIC_DUE)
        local = timezone.localtime(due.next_attempt_at)
        assert local.date() == setup.round.closes_on - timedelta(days=3) and local.hour == 8
        outbox_relay()  # the invitations; the reminder is held until its day
        invited = len(smtp_sink.messages)
        assert not _emails(setup.round, "reminder").exists()
        answered = world.people["manager"]
        support_answer_submit(support_round=setup.round, person=answered, ratings=RATINGS)
        quiet = setup.managers["e1"][0]
        NotificationPreference.objects.create(person=quiet, nudges=False)
        OutboxMessage.objects.filter(pk=due.pk).update(next_attempt_at=timezone.now())
        outbox_relay()
        later = smtp_sink.messages[invited:]
        reminded = {m["To"] for m in later}
        expected = {p.email for p in respondents(programme=setup.programme)}
        assert reminded == expected - {answered.email, quiet.email}
        assert all("några dagar" in _subject(m) for m in later)
        # Once closed, a late reminder (a repeat delivery) asks nothing.
        support_round_close(support_round=setup.round)
        _emails(setup.round, "reminder").delete()
        notices.round_due(due)
        assert not _emails(setup.round, "reminder").exists()


def test_a_short_round_has_no_reminder(world, in_tenant):
    from spiral.programs.support.services import support_round_open

    setup = support_setup(world)
    with in_tenant(world.tenant):
        support_round_close(support_round=setup.round)
        short = support_round_open(
            instance=setup.instance, closes_on=timezone.localdate() + timedelta(days=2)
        )
        assert OutboxMessage.objects.filter(key=f"opened:{short.public_id}").exists()
        assert not OutboxMessage.objects.filter(key=f"due:{short.public_id}").exists()
