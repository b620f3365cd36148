"""Personal calendar feeds: /calendar/<secret>.ics on the tenant's host."""

from datetime import timedelta

from django.core import signing
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from spiral.platform.audit.services import audit_record
from spiral.programs.org.models import Person
from spiral.programs.sessions.invitations import (
    calendar_of,
    one_off_event,
    series_events,
    series_invitation_queryset,
    session_invitation_queryset,
)
from spiral.programs.sessions.models import CalendarFeed, Session
from spiral.tenants.links import tenant_url

PAST, FUTURE = timedelta(days=30), timedelta(days=180)


def _salt() -> str:
    # An address of one tenant means nothing on another tenant's host.
    return f"calendar-feed:{connection.schema_name}"


def feed_secret(feed: CalendarFeed) -> str:
    return signing.dumps([feed.person_id, feed.version], salt=_salt(), compress=True)


def feed_url(feed: CalendarFeed | None) -> str | None:
    """The feed's address on the tenant's public host, or None when it is off."""
    if feed is None or not feed.active:
        return None
    return tenant_url(reverse("calendar-feed", kwargs={"secret": feed_secret(feed)}))


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
    """The person's sessions from a month back to half a year ahead, as the
    invitations show them: a series is its master event (RRULE, EXDATE) and
    its moved occurrences, with the same UIDs; a one-off session is itself."""
    now = timezone.now()
    sessions = list(
        session_invitation_queryset()
        .filter(
            Q(organiser_id=feed.person_id) | Q(attendances__person_id=feed.person_id),
            starts_at__gte=now - PAST,
            starts_at__lte=now + FUTURE,
        )
        .distinct()
    )
    person = Person.objects.select_related("user").get(pk=feed.person_id)
    language = person.user.language if person.user_id else "sv"
    series_ids = {s.series_id for s in sessions if s.series_id}
    series_list = series_invitation_queryset().filter(pk__in=series_ids)
    changed: dict[int, list[Session]] = {}
    for session in Session.objects.filter(
        series__in=series_ids, status__in=[Session.Status.MOVED, Session.Status.CANCELLED]
    ).order_by("occurrence"):
        changed.setdefault(session.series_id, []).append(session)
    events, zones = [], {timezone.get_default_timezone_name()}
    for series in series_list:
        events += series_events(series, changed.get(series.pk, []), language=language, now=now)
        zones.add(series.time_zone)
    for session in sessions:
        if not session.series_id:
            events.append(one_off_event(session, language=language, now=now))
    calendar = Calendar.from_ical(calendar_of(events, method=None, zones=zones))
    calendar.add("x-wr-calname", "Spiral")
    return calendar.to_ical()
