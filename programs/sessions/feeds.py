"""Personal calendar feeds: /calendar/<secret>.ics on the tenant's host."""

from datetime import timedelta

from django.core import signing
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from icalendar import Calendar, Event

from spiral.platform.audit.services import audit_record
from spiral.programs.org.models import Person
from spiral.programs.sessions.invitations import session_uid
from spiral.programs.sessions.models import CalendarFeed, Session

PAST, FUTURE = timedelta(days=30), timedelta(days=180)


def _salt() -> str:
    # An address of one tenant means nothing on another tenant's host.
    return f"calendar-feed:{connection.schema_name}"


def feed_secret(feed: CalendarFeed) -> str:
    return signing.dumps([feed.person_id, feed.version], salt=_salt(), compress=True)


def feed_for_secret(secret: str) -> CalendarFeed | None:
    try:
        person_id, version = signing.loads(secret, salt=_salt())
    except (signing.BadSignature, ValueError, TypeError):
        return None
    # Leaving revokes the feed; the status check also covers a row that
    # predates that rule.
    return (
        CalendarFeed.objects.filter(person_id=person_id, version=version, active=True)
        .exclude(person__status=Person.Status.LEFT)
        .first()
    )


@transaction.atomic
def feed_get_or_create(*, person: Person) -> CalendarFeed:
    feed, created = CalendarFeed.objects.get_or_create(person=person)
    if created:
        audit_record(action="calendar_feed.created", obj=feed)
    return feed


@transaction.atomic
def feed_renew(*, person: Person) -> CalendarFeed:
    """A new secret: the old address stops working."""
    feed = CalendarFeed.objects.select_for_update().filter(person=person).first()
    if feed is None:
        feed = CalendarFeed.objects.create(person=person)
        audit_record(action="calendar_feed.created", obj=feed)
        return feed
    feed.version += 1
    feed.active = True
    feed.save(update_fields=["version", "active", "updated_at"])
    audit_record(action="calendar_feed.renewed", obj=feed, changes={"version": None})
    return feed


@transaction.atomic
def feed_revoke(*, person: Person) -> None:
    for feed in CalendarFeed.objects.select_for_update().filter(person=person, active=True):
        feed.active = False
        feed.save(update_fields=["active", "updated_at"])
        audit_record(action="calendar_feed.revoked", obj=feed, changes={"active": [True, False]})


def feed_calendar(feed: CalendarFeed) -> bytes:
    """The person's sessions from a month back to half a year ahead."""
    now = timezone.now()
    sessions = Session.objects.filter(
        Q(organiser_id=feed.person_id) | Q(attendances__person_id=feed.person_id),
        starts_at__gte=now - PAST,
        starts_at__lte=now + FUTURE,
    ).distinct()
    calendar = Calendar()
    calendar.add("prodid", "-//Spiral//Calendar feed//SV")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Spiral")
    zone = timezone.get_default_timezone()
    for session in sessions:
        event = Event()
        event.add("uid", session_uid(session))
        event.add("sequence", session.sequence)
        event.add("dtstamp", now)
        event.add("dtstart", session.starts_at.astimezone(zone))
        event.add("dtend", session.ends_at.astimezone(zone))
        event.add("summary", session.title)
        event.add(
            "status", "CANCELLED" if session.status == Session.Status.CANCELLED else "CONFIRMED"
        )
        if session.place:
            event.add("location", session.place)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
