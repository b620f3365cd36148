"""Calendar invitations for sessions (RFC 5545/5546, icalendar library), sent
by email through the outbox: METHOD:REQUEST with a stable UID and a SEQUENCE
raised on every change, METHOD:CANCEL on cancellation, and a VTIMEZONE for the
session's zone."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from icalendar import Calendar, Event, vCalAddress

from spiral.platform.outbox.email import TOPIC as EMAIL
from spiral.platform.outbox.services import outbox_publish
from spiral.programs.sessions.models import Session


def session_uid(session: Session) -> str:
    return f"{session.public_id}@spiral"


def calendar_for(session: Session, *, method: str) -> str:
    calendar = Calendar()
    calendar.add("prodid", "-//Spiral//Sessions//SV")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", session_uid(session))
    event.add("sequence", session.sequence)
    event.add("dtstamp", timezone.now())
    zone = timezone.get_default_timezone()
    event.add("dtstart", session.starts_at.astimezone(zone))
    event.add("dtend", session.ends_at.astimezone(zone))
    event.add("summary", session.title)
    if session.place:
        event.add("location", session.place)
    if session.video_link:
        event.add("url", session.video_link)
    if session.organiser and session.organiser.email:
        event.add("organizer", vCalAddress(f"mailto:{session.organiser.email}"))
    for attendance in session.attendances.all():
        if attendance.person.email:
            event.add("attendee", vCalAddress(f"mailto:{attendance.person.email}"))
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical().decode()


def invitations_publish(sessions: list[Session]) -> None:
    """An invitation (or cancellation) per invited person with an email, for
    each session at its current sequence: publishing twice sends once."""
    messages = []
    for session in sessions:
        invited = [a.person for a in session.attendances.all() if a.person.email]
        if not invited:
            continue
        method = "CANCEL" if session.status == Session.Status.CANCELLED else "REQUEST"
        calendar = calendar_for(session, method=method)
        for person in invited:
            with override(person.user.language if person.user_id else "sv"):
                subject = (
                    _("Cancelled: %(title)s") if method == "CANCEL" else _("Invitation: %(title)s")
                ) % {"title": session.title}
                when = session.starts_at.astimezone(timezone.get_default_timezone())
                body = _("%(title)s, %(when)s.") % {
                    "title": session.title,
                    "when": when.strftime("%Y-%m-%d %H:%M"),
                }
            key = f"session:{session.public_id}:{session.sequence}:{person.pk}"
            messages.append((EMAIL, key, {"to": person.email, "subject": subject, "body": body,
                                          "calendar": calendar, "method": method}))  # fmt: skip
    outbox_publish(messages)


def session_invitation_queryset():
    return Session.objects.select_related("organiser").prefetch_related("attendances__person__user")
