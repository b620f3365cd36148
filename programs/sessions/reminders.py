"""Reminders before sessions and follow-ups after them: one mechanism for every
component. A periodic task per tenant looks a little ahead and a little back;
each message has a key, so looking twice sends once. Texts follow the person's
language; quiet hours hold a message until they end (the relay waits). What a
kind asks afterwards, and whether it is reminded at all, is the kind's to say
(programs/programmes/kinds.py)."""

from datetime import datetime, timedelta

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from spiral.platform.outbox.email import TOPIC as EMAIL
from spiral.platform.outbox.models import OutboxMessage
from spiral.platform.outbox.services import Publication, outbox_publish
from spiral.programs.org.models import Person
from spiral.programs.programmes.kinds import kind_of, registered
from spiral.programs.sessions.models import Attendance, NotificationPreference, Session

FOLLOW_UP_WINDOW = timedelta(days=1)


def _deliver_at(preference: NotificationPreference | None, moment: datetime) -> datetime | None:
    """The end of the person's quiet hours if ``moment`` falls in them; for
    someone who has not chosen their own, the tenant's (if it has any)."""
    if preference is not None and preference.quiet_from and preference.quiet_until:
        start, end = preference.quiet_from, preference.quiet_until
    else:
        start = getattr(connection.tenant, "quiet_from", None)
        end = getattr(connection.tenant, "quiet_until", None)
    if not (start and end):
        return None
    local = moment.astimezone(timezone.get_default_timezone())
    now = local.time()
    quiet = start <= now < end if start < end else (now >= start or now < end)
    if not quiet:
        return None
    wake = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    return wake if wake > local else wake + timedelta(days=1)


def _message(kind, person, key, compose, now, preference) -> Publication | None:
    """One email to ``person`` unless they opted out of ``kind``, written in their
    language, held until their quiet hours end."""
    if not person.email or (preference and not getattr(preference, kind)):
        return None
    with override(person.user.language if person.user_id else "sv"):
        subject, body = compose()
    return Publication(
        topic=EMAIL,
        key=f"{kind}:{key}:{person.pk}",
        payload={"to": person.email, "subject": subject, "body": body},
        not_before=_deliver_at(preference, now),
    )


def _preferences(person_ids) -> dict[int, NotificationPreference]:
    return {p.person_id: p for p in NotificationPreference.objects.filter(person_id__in=person_ids)}


def _messages(kind: str, attendances, now: datetime, compose) -> list[Publication]:
    preferences = _preferences({a.person_id for a in attendances})
    messages = [
        _message(
            kind, a.person, f"{a.session.public_id}:{a.session.sequence}",
            lambda a=a: compose(a.session), now, preferences.get(a.person_id),
        )
        for a in attendances
    ]  # fmt: skip
    return [m for m in messages if m is not None]


def nudge(*, person: Person, key: str, subject: str, body: str) -> None:
    """What a component asks to tell someone (for example a late giver in an
    open feedback round): the same preferences, language and quiet hours. Write
    ``subject`` and ``body`` with gettext_noop; a key sends once."""
    message = _message(
        "nudges", person, key, lambda: (_(subject), _(body)), timezone.now(),
        _preferences([person.pk]).get(person.pk),
    )  # fmt: skip
    if message is not None:
        outbox_publish([message])


def nudge_many(*, people, key: str, subject: str, body: str) -> int:
    """``nudge`` to each of ``people`` (with ``user`` selected), in two
    statements whatever their number. Returns how many were written."""
    people = list(people)
    preferences = _preferences([person.pk for person in people])
    now = timezone.now()
    messages = [
        _message("nudges", person, key, lambda: (_(subject), _(body)), now,
                 preferences.get(person.pk))
        for person in people
    ]  # fmt: skip
    messages = [message for message in messages if message is not None]
    if messages:
        outbox_publish(messages)
    return len(messages)


def _reminder(session: Session) -> tuple[str, str]:
    when = session.starts_at.astimezone(timezone.get_default_timezone()).strftime("%Y-%m-%d %H:%M")
    return (
        _("Reminder: %(title)s") % {"title": session.title},
        _("%(title)s starts %(when)s.") % {"title": session.title, "when": when},
    )


def _follow_up(session: Session) -> tuple[str, str]:
    return (
        _("After %(title)s") % {"title": session.title},
        _(kind_of(session.kind).follow_up),
    )


def notifications_due(*, now: datetime | None = None) -> int:
    """Writes the reminders and follow-ups now due to the outbox. Safe to run
    as often as wanted: a message already written is skipped."""
    now = now or timezone.now()
    lead = timedelta(hours=getattr(connection.tenant, "reminder_hours_before", 24))
    attendances = Attendance.objects.select_related("session", "person__user")
    upcoming = attendances.filter(
        session__kind__in=[kind.key for kind in registered() if kind.reminders],
        session__status__in=[Session.Status.SCHEDULED, Session.Status.MOVED],
        session__starts_at__gt=now,
        session__starts_at__lte=now + lead,
    )
    finished = attendances.filter(
        session__kind__in=[kind.key for kind in registered() if kind.follow_up],
        session__status__in=[Session.Status.SCHEDULED, Session.Status.MOVED, Session.Status.HELD],
        session__ends_at__lte=now,
        session__ends_at__gt=now - FOLLOW_UP_WINDOW,
    )
    messages = _messages("reminders", list(upcoming), now, _reminder)
    messages += _messages("follow_ups", list(finished), now, _follow_up)
    messages += _digests(now)
    keys = [message.key for message in messages]
    before = OutboxMessage.objects.filter(key__in=keys).count()
    outbox_publish(messages)
    return OutboxMessage.objects.filter(key__in=keys).count() - before


DIGEST_DAY, DIGEST_HOUR = 0, 7  # Monday morning, local time


def _digests(now: datetime) -> list[Publication]:
    """On Monday mornings: to each person, what is coming in their week."""
    local = now.astimezone(timezone.get_default_timezone())
    if local.weekday() != DIGEST_DAY or local.hour < DIGEST_HOUR:
        return []
    week = f"{local.isocalendar().year}-W{local.isocalendar().week:02d}"
    coming = list(
        Attendance.objects.select_related("session", "person__user")
        .filter(
            session__status__in=[Session.Status.SCHEDULED, Session.Status.MOVED],
            session__starts_at__gt=now,
            session__starts_at__lte=now + timedelta(days=7),
        )
        .order_by("session__starts_at")
    )
    by_person: dict[int, list[Attendance]] = {}
    for attendance in coming:
        by_person.setdefault(attendance.person_id, []).append(attendance)
    preferences = _preferences(by_person)
    zone = timezone.get_default_timezone()

    def compose(rows):
        lines = [
            f"{a.session.starts_at.astimezone(zone):%a %d/%m %H:%M} {a.session.title}" for a in rows
        ]
        return _("Your week in Spiral"), "\n".join(lines)

    messages = [
        _message("digest", rows[0].person, week, lambda rows=rows: compose(rows), now,
                 preferences.get(person_id))
        for person_id, rows in by_person.items()
    ]  # fmt: skip
    return [m for m in messages if m is not None]
