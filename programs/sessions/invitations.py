"""Calendar invitations for sessions (RFC 5545/5546, icalendar library), sent
by email through the outbox.

A repeating series is ONE event: its invitation is one ``VEVENT`` with the
series' ``UID``, its ``RRULE`` and an ``EXDATE`` for every date without a
session (the series' exceptions and cancelled occurrences). Each person gets it
once per series and ``SEQUENCE``; materialising more of the horizon sends
nothing. A moved or cancelled occurrence sends an update of that occurrence
only (``RECURRENCE-ID`` = its original start, a raised ``SEQUENCE``,
``METHOD:REQUEST`` or ``CANCEL``); a change to the series (its details or its
people) raises the series' sequence and sends the series again, with its moved
occurrences; a person who leaves gets a ``CANCEL``. One-off sessions (no
series) are events of their own. The calendar feed (``feeds.py``) shows the
same events with the same ``UID``s.

The organiser is the series' (the kind's organiser, ``components.py``); the
attendees carry their names and are asked to answer. The description and the
email (plain text and HTML) say what the session is for and what to prepare
(the component's exercises), in the person's language, with a link."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from html import escape
from zoneinfo import ZoneInfo

from dateutil.rrule import YEARLY, rrule, weekday
from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vRecur,
)

from spiral.platform.outbox.email import TOPIC as EMAIL
from spiral.platform.outbox.services import Publication
from spiral.programs.org.models import Person
from spiral.programs.sessions.models import Session, SessionSeries
from spiral.tenants.links import tenant_url

# --- identities -----------------------------------------------------------


def series_uid(series: SessionSeries) -> str:
    return f"{series.public_id}@spiral"


def session_uid(session: Session) -> str:
    """A series' session shares the series' UID (told apart by RECURRENCE-ID)."""
    if session.series_id:
        return series_uid(session.series)
    return f"{session.public_id}@spiral"


def _language(person: Person) -> str:
    return person.user.language if person.user_id else "sv"


# --- the compact, rule-based VTIMEZONE ------------------------------------


DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@lru_cache(maxsize=32)
def _transitions(name: str, year: int) -> tuple:
    """The zone's offset changes in ``year``: (UTC instant, offset before, after)."""
    zone = ZoneInfo(name)
    start = datetime(year, 1, 1, tzinfo=UTC)
    previous = start.astimezone(zone).utcoffset()
    changes = []
    for hour in range(1, 24 * 366):
        moment = start + timedelta(hours=hour)
        offset = moment.astimezone(zone).utcoffset()
        if offset != previous:
            changes.append((moment, previous, offset))
            previous = offset
    return tuple(changes), previous


def vtimezone(name: str, year: int | None = None) -> Timezone:
    """``name`` as this year's rules (a STANDARD and a DAYLIGHT part, each an
    RRULE), a few hundred bytes rather than every transition to 2037."""
    year = year or timezone.now().year
    zone = ZoneInfo(name)
    component = Timezone()
    component.add("tzid", name)
    changes, offset = _transitions(name, year)
    if not changes:
        part = TimezoneStandard()
        part.add("dtstart", datetime(1970, 1, 1))
        part.add("tzoffsetfrom", offset)
        part.add("tzoffsetto", offset)
        part.add("tzname", datetime(year, 1, 1, tzinfo=zone).tzname())
        component.add_component(part)
        return component
    for moment, before, after in changes:
        local = (moment + before).replace(tzinfo=None)  # the wall clock it leaves
        last = (local + timedelta(days=7)).month != local.month
        ordinal = -1 if last else (local.day - 1) // 7 + 1
        day = weekday(local.weekday(), ordinal)
        first = rrule(YEARLY, bymonth=local.month, byweekday=day, dtstart=datetime(1970, 1, 1))[0]
        part = TimezoneDaylight() if moment.astimezone(zone).dst() else TimezoneStandard()
        part.add("dtstart", datetime.combine(first.date(), local.time()))
        part.add(
            "rrule",
            {
                "freq": "yearly",
                "bymonth": local.month,
                "byday": f"{ordinal}{DAYS[local.weekday()]}",
            },
        )
        part.add("tzoffsetfrom", before)
        part.add("tzoffsetto", after)
        part.add("tzname", moment.astimezone(zone).tzname())
        component.add_component(part)
    return component


# --- what the invitation says ---------------------------------------------


def series_invitation_queryset():
    return SessionSeries.objects.select_related(
        "organiser", "component_instance__component__programme"
    ).prefetch_related(
        Prefetch("participants", queryset=Person.objects.select_related("user").order_by("pk"))
    )


def session_invitation_queryset():
    return Session.objects.select_related(
        "organiser", "component_instance__component__programme", "series__organiser"
    ).prefetch_related("attendances__person__user", "series__participants__user")


@dataclass
class Content:
    summary: str
    text: str  # DESCRIPTION and the plain-text email's body
    html: str
    link: str


def _gap(title: str, text: str) -> str:
    """Between an exercise's title and its text: no colon after a question."""
    if not text:
        return ""
    return " " if title.endswith(("?", "!", ".", ":")) else ": "


def content_for(subject, language: str) -> Content:
    """What a series or session (``subject``) is for, what to prepare and
    where it is, in ``language``."""
    link = tenant_url("/")
    instance = subject.component_instance
    component = instance.component if instance else None
    title = subject.title
    with override(language):
        if component is not None:
            english = language == "en"
            title = component.title_en if english else component.title_sv
            purpose = _("%(component)s, part of the programme %(programme)s.") % {
                "component": title,
                "programme": component.programme.name,
            }
            exercises = [
                (
                    e.get("title_en" if english else "title_sv", ""),
                    e.get("text_en" if english else "text_sv", ""),
                )
                for e in component.exercises or []
            ]
        else:
            purpose, exercises = title, []
        where = [
            *([_("Place: %(place)s") % {"place": subject.place}] if subject.place else []),
            *([_("Video: %(link)s") % {"link": subject.video_link}] if subject.video_link else []),
        ]
        prepare = _("To prepare:")
        open_in = _("Open in Spiral: %(link)s") % {"link": link}
        open_label = _("Open in Spiral")
    lines = [purpose, *where]
    if exercises:
        lines += ["", prepare, *(f"- {t}{_gap(t, x)}{x}" for t, x in exercises)]
    lines += ["", open_in]
    html = [f"<p>{escape(purpose)}</p>", *(f"<p>{escape(line)}</p>" for line in where)]
    if exercises:
        items = "".join(
            f"<li><strong>{escape(t)}</strong>{_gap(t, x)}{escape(x)}</li>" for t, x in exercises
        )
        html.append(f"<p>{escape(prepare)}</p><ul>{items}</ul>")
    html.append(f'<p><a href="{escape(link)}">{escape(open_label)}</a></p>')
    return Content(summary=title, text="\n".join(lines), html="".join(html), link=link)


def _organiser_address(organiser: Person | None) -> vCalAddress:
    if organiser is not None and organiser.email:
        address = vCalAddress(f"mailto:{organiser.email}")
        address.params["CN"] = organiser.name
        return address
    sender = settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].strip(">").strip()
    address = vCalAddress(f"mailto:{sender}")
    address.params["CN"] = "Spiral"
    return address


def _attendee(person: Person) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params.update(
        {"CN": person.name, "ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE"}
    )
    return address


def _fill(event: Event, *, organiser, attendees, content: Content, place, video_link) -> None:
    event.add("summary", content.summary)
    event.add("description", content.text)
    if place or video_link:
        event.add("location", place or video_link)
    if video_link:
        event.add("url", video_link)
    event.add("organizer", _organiser_address(organiser))
    for person in attendees:
        if person.email and person.pk != getattr(organiser, "pk", None):
            event.add("attendee", _attendee(person))


def _rule(series: SessionSeries, zone: ZoneInfo) -> vRecur:
    """The series' rule; a local UNTIL is given in UTC, as RFC 5545 asks when
    the start has a time zone."""
    rule = vRecur.from_ical(series.rule)
    if "UNTIL" in rule:
        until = rule["UNTIL"][0]
        if isinstance(until, datetime) and until.tzinfo is None:
            rule["UNTIL"] = [until.replace(tzinfo=zone).astimezone(UTC)]
        elif not isinstance(until, datetime):
            end = datetime.combine(until, series.start_time).replace(tzinfo=zone)
            rule["UNTIL"] = [end.astimezone(UTC)]
    return rule


def series_events(
    series: SessionSeries, sessions: Iterable[Session], *, language: str, now: datetime
) -> list[Event]:
    """The series as a master event (RRULE, EXDATE) and an override per moved
    occurrence; a cancelled occurrence is an EXDATE. A series without a rule
    is its one session."""
    zone = ZoneInfo(series.time_zone)
    content = content_for(series, language)
    people = list(series.participants.all())
    details = {
        "organiser": series.organiser, "attendees": people, "content": content,
        "place": series.place, "video_link": series.video_link,
    }  # fmt: skip
    sessions = [s for s in sessions if s.occurrence is not None]
    start = datetime.combine(series.starts_on, series.start_time).replace(tzinfo=zone)
    master = Event()
    master.add("uid", series_uid(series))
    master.add("dtstamp", now)
    if not series.rule:
        only = sessions[0] if sessions else None
        master.add("sequence", series.sequence + (only.sequence if only else 0))
        master.add("dtstart", (only.starts_at if only else start).astimezone(zone))
        master.add(
            "dtend",
            (only.ends_at if only else start + timedelta(minutes=series.duration_minutes))
            .astimezone(zone),
        )  # fmt: skip
        cancelled = only is not None and only.status == Session.Status.CANCELLED
        master.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        _fill(master, **details)
        return [master]
    master.add("sequence", series.sequence)
    master.add("dtstart", start)
    master.add("dtend", start + timedelta(minutes=series.duration_minutes))
    master.add("rrule", _rule(series, zone))
    skipped = [
        datetime.combine(datetime.fromisoformat(day).date(), series.start_time).replace(tzinfo=zone)
        for day in series.exceptions
    ] + [s.occurrence.astimezone(zone) for s in sessions if s.status == Session.Status.CANCELLED]
    if skipped:
        master.add("exdate", sorted(set(skipped)))
    master.add("status", "CONFIRMED")
    _fill(master, **details)
    events = [master]
    for session in sessions:
        if session.status == Session.Status.MOVED:
            events.append(
                occurrence_event(session, series=series, content=content, people=people, now=now)
            )
    return events


def occurrence_event(session, *, series, content, people, now, cancelled=False) -> Event:
    zone = ZoneInfo(series.time_zone)
    event = Event()
    event.add("uid", series_uid(series))
    event.add("dtstamp", now)
    if series.rule:
        event.add("recurrence-id", session.occurrence.astimezone(zone))
    event.add("sequence", series.sequence + session.sequence)
    event.add("dtstart", session.starts_at.astimezone(zone))
    event.add("dtend", session.ends_at.astimezone(zone))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    _fill(
        event, organiser=series.organiser, attendees=people, content=content,
        place=session.place, video_link=session.video_link,
    )  # fmt: skip
    return event


def one_off_event(session: Session, *, language: str, now: datetime) -> Event:
    zone = timezone.get_default_timezone()
    content = content_for(session, language)
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", now)
    event.add("sequence", session.sequence)
    event.add("dtstart", session.starts_at.astimezone(zone))
    event.add("dtend", session.ends_at.astimezone(zone))
    cancelled = session.status == Session.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    _fill(
        event, organiser=session.organiser, attendees=[a.person for a in session.attendances.all()],
        content=content, place=session.place, video_link=session.video_link,
    )  # fmt: skip
    return event


def calendar_of(events: list[Event], *, method: str | None, zones: Iterable[str]) -> str:
    calendar = Calendar()
    calendar.add("prodid", "-//Spiral//Sessions//SV")
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    for name in sorted(set(zones)):
        calendar.add_component(vtimezone(name))
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical().decode()


# --- the emails -----------------------------------------------------------

Kind = str  # "invitation", "update" or "cancellation"


def _email(person: Person, *, key, kind: Kind, content: Content, when, calendar, method):
    with override(_language(person)):
        subject = {
            "invitation": _("Invitation: %(title)s"),
            "update": _("Updated: %(title)s"),
            "cancellation": _("Cancelled: %(title)s"),
        }[kind] % {"title": content.summary}
        moment = when.astimezone(timezone.get_default_timezone()).strftime("%Y-%m-%d %H:%M")
        line = (_("Cancelled: %(when)s.") if kind == "cancellation" else _("When: %(when)s.")) % {
            "when": moment
        }
    body = f"{line}\n\n{content.text}\n"
    html = f"<p>{escape(line)}</p>{content.html}"
    return Publication(
        EMAIL, key,
        {"to": person.email, "subject": subject, "body": body, "html": html,
         "calendar": calendar, "method": method},
    )  # fmt: skip


def series_invitations(
    series_list: Iterable[SessionSeries], *, people: dict[int, list[Person]] | None = None
) -> list[Publication]:
    """The series (as it is now, with its moved and cancelled occurrences) to
    each of its people, or to ``people[series.pk]``: one email per person and
    series sequence, whatever the number of sessions."""
    series_list = list(series_list)
    now = timezone.now()
    changed: dict[int, list[Session]] = {}
    for session in Session.objects.filter(
        series__in=[s.pk for s in series_list],
        status__in=[Session.Status.MOVED, Session.Status.CANCELLED],
    ).order_by("occurrence"):
        changed.setdefault(session.series_id, []).append(session)
    messages = []
    for series in series_list:
        recipients = (people or {}).get(series.pk, list(series.participants.all()))
        calendars: dict[str, tuple[str, Content]] = {}
        for person in recipients:
            if not person.email:
                continue
            language = _language(person)
            if language not in calendars:
                events = series_events(
                    series, changed.get(series.pk, []), language=language, now=now
                )
                content = content_for(series, language)
                calendars[language] = (
                    calendar_of(events, method="REQUEST", zones=[series.time_zone]),
                    content,
                )
            calendar, content = calendars[language]
            start = datetime.combine(series.starts_on, series.start_time)
            messages.append(
                _email(
                    person, key=f"series:{series.public_id}:{series.sequence}:{person.pk}",
                    kind="invitation" if series.sequence == 0 else "update", content=content,
                    when=start.replace(tzinfo=ZoneInfo(series.time_zone)), calendar=calendar,
                    method="REQUEST",
                )
            )  # fmt: skip
    return messages


def series_cancellations(series: SessionSeries, people: Iterable[Person]) -> list[Publication]:
    """A CANCEL of the whole series to people who no longer take part."""
    now = timezone.now()
    zone = ZoneInfo(series.time_zone)
    messages = []
    for person in people:
        if not person.email:
            continue
        language = _language(person)
        content = content_for(series, language)
        start = datetime.combine(series.starts_on, series.start_time).replace(tzinfo=zone)
        event = Event()
        event.add("uid", series_uid(series))
        event.add("dtstamp", now)
        event.add("sequence", series.sequence)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=series.duration_minutes))
        if series.rule:
            event.add("rrule", _rule(series, zone))
        event.add("status", "CANCELLED")
        _fill(
            event, organiser=series.organiser, attendees=[person], content=content,
            place=series.place, video_link=series.video_link,
        )  # fmt: skip
        calendar = calendar_of([event], method="CANCEL", zones=[series.time_zone])
        messages.append(
            _email(
                person, key=f"series:{series.public_id}:{series.sequence}:{person.pk}:cancel",
                kind="cancellation", content=content, when=start, calendar=calendar,
                method="CANCEL",
            )
        )  # fmt: skip
    return messages


def session_invitations(session: Session) -> list[Publication]:
    """A change to one session, to the people invited to it: an update of that
    occurrence of its series (RECURRENCE-ID), or of the one-off event."""
    now = timezone.now()
    cancelled = session.status == Session.Status.CANCELLED
    method = "CANCEL" if cancelled else "REQUEST"
    invited = [a.person for a in session.attendances.all() if a.person.email]
    series = session.series
    messages, calendars = [], {}
    for person in invited:
        language = _language(person)
        if language not in calendars:
            content = content_for(session, language)
            if series is not None:
                people = list(series.participants.all())
                event = occurrence_event(
                    session, series=series, content=content, people=people, now=now,
                    cancelled=cancelled,
                )  # fmt: skip
                zone = series.time_zone
            else:
                event = one_off_event(session, language=language, now=now)
                zone = timezone.get_default_timezone_name()
            calendars[language] = (calendar_of([event], method=method, zones=[zone]), content)
        calendar, content = calendars[language]
        messages.append(
            _email(
                person, key=f"session:{session.public_id}:{session.sequence}:{person.pk}",
                kind="cancellation" if cancelled else "update", content=content,
                when=session.starts_at, calendar=calendar, method=method,
            )
        )  # fmt: skip
    return messages
