"""Invitations reach a real SMTP server on loopback (aiosmtpd) through the
outbox relay; the tests parse what arrived."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from icalendar import Calendar

from spiral.platform.outbox.email import TOPIC as EMAIL
from spiral.platform.outbox.models import OutboxMessage
from spiral.platform.outbox.relay import outbox_relay
from spiral.platform.outbox.services import outbox_publish
from spiral.programs.sessions.models import Session, SessionSeries
from spiral.programs.sessions.services import series_materialise, session_cancel, session_move

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _calendar(message) -> Calendar:
    part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    return Calendar.from_ical(part.get_payload(decode=True))


def _event(calendar: Calendar):
    return next(c for c in calendar.walk() if c.name == "VEVENT")


def _part(message, content_type):
    return next(p for p in message.walk() if p.get_content_type() == content_type)


def test_one_invitation_per_series_then_updates_of_one_occurrence(world, in_tenant, smtp_sink):
    manager, staff = world.people["manager"], world.people["staff"]
    with in_tenant(world.tenant):
        series = SessionSeries.objects.create(
            kind="coaching_track", title="Coachning", organiser=manager,
            starts_on=date(2027, 3, 1), start_time=time(9), rule="FREQ=WEEKLY;COUNT=3",
            place="Rum 3",
        )  # fmt: skip
        series.participants.set([staff])
        series_materialise(series=series, until=datetime(2027, 3, 31, tzinfo=STOCKHOLM))
        first, second, _third = Session.objects.filter(series=series)
        # Three sessions, one email: the series, with its rule.
        assert outbox_relay() == 1
        invitation = smtp_sink.messages[-1]
        assert invitation["To"] == staff.email
        assert "Rum 3" in _part(invitation, "text/plain").get_payload(decode=True).decode()
        assert "<p>" in _part(invitation, "text/html").get_payload(decode=True).decode()
        calendar = _calendar(invitation)
        assert calendar["METHOD"] == "REQUEST"
        (event,) = [c for c in calendar.walk() if c.name == "VEVENT"]
        uid = str(event["UID"])
        assert uid == f"{series.public_id}@spiral" and int(event["SEQUENCE"]) == 0
        assert event["RRULE"]["FREQ"] == ["WEEKLY"] and "RECURRENCE-ID" not in event
        assert event.decoded("DTSTART") == datetime(2027, 3, 1, 9, tzinfo=STOCKHOLM)
        assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
        assert str(event["LOCATION"]) == "Rum 3"
        # The organiser is the series' organiser, the attendee is asked to answer.
        assert str(event["ORGANIZER"]) == f"mailto:{manager.email}"
        assert event["ORGANIZER"].params["CN"] == manager.name
        attendee = event["ATTENDEE"]
        assert str(attendee) == f"mailto:{staff.email}"
        assert attendee.params["CN"] == staff.name
        assert (attendee.params["PARTSTAT"], attendee.params["RSVP"]) == ("NEEDS-ACTION", "TRUE")
        # The compact time zone: this year's two rules, not every change to 2037.
        (zone,) = [c for c in calendar.walk() if c.name == "VTIMEZONE"]
        assert str(zone["TZID"]) == "Europe/Stockholm" and len(zone.to_ical()) < 600
        assert {c.name for c in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}
        assert all("RRULE" in c for c in zone.subcomponents)

        # Moving, then cancelling, one occurrence: updates of that occurrence only.
        session_move(
            session=first,
            starts_at=datetime(2027, 3, 2, 13, tzinfo=STOCKHOLM),
            ends_at=datetime(2027, 3, 2, 14, tzinfo=STOCKHOLM),
        )
        session_cancel(session=Session.objects.get(pk=first.pk))
        assert outbox_relay() == 2
        moved, cancelled = (_calendar(m) for m in smtp_sink.messages[-2:])
        assert moved["METHOD"] == "REQUEST" and int(_event(moved)["SEQUENCE"]) == 1
        assert cancelled["METHOD"] == "CANCEL" and int(_event(cancelled)["SEQUENCE"]) == 2
        assert {str(_event(c)["UID"]) for c in (moved, cancelled)} == {uid}
        assert {_event(c).decoded("RECURRENCE-ID") for c in (moved, cancelled)} == {
            datetime(2027, 3, 1, 9, tzinfo=STOCKHOLM)
        }
        assert _event(moved).decoded("DTSTART") == datetime(2027, 3, 2, 13, tzinfo=STOCKHOLM)
        assert second.sequence == 0  # the others are untouched
        # nothing is delivered twice, and every message has its own stable id
        assert outbox_relay() == 0
        assert len({m["Message-ID"] for m in smtp_sink.messages}) == 3
        assert OutboxMessage.objects.filter(relayed_at=None, topic="email.send").count() == 0


def test_a_failed_delivery_is_retried_later_with_the_reason(world, in_tenant, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    with in_tenant(world.tenant):
        series = SessionSeries.objects.create(
            kind="coaching_track", title="Coachning", starts_on=date(2027, 3, 1),
            start_time=time(9), rule="FREQ=WEEKLY;COUNT=1",
        )  # fmt: skip
        series.participants.set([world.people["staff"]])
        series_materialise(series=series, until=datetime(2027, 3, 10, tzinfo=STOCKHOLM))
        assert outbox_relay() == 0
        message = OutboxMessage.objects.get(topic="email.send")
        assert message.attempts == 1 and message.relayed_at is None
        assert message.next_attempt_at is not None and "ConnectionRefused" in message.last_error
        assert outbox_relay() == 0  # not due yet
        assert OutboxMessage.objects.get(pk=message.pk).attempts == 1


def test_a_relay_that_cannot_finish_in_its_lease_hands_the_rest_back(world, in_tenant, settings):
    settings.OUTBOX_LEASE_SECONDS, settings.OUTBOX_DELIVERY_TIMEOUT_SECONDS = 1, 5
    with in_tenant(world.tenant):
        outbox_publish([(EMAIL, "lease:1", {"to": "a@example.se", "subject": "x", "body": "y"})])
        assert outbox_relay() == 0
        message = OutboxMessage.objects.get(key="lease:1")
        assert (message.attempts, message.next_attempt_at, message.relayed_at) == (0, None, None)
