"""Invitations and the calendar feed, read by parsers we did not write
(``vobject``; ``recurring-ical-events`` to expand the rules) and compared with
the session rows: across both daylight-saving changes of 2026 (29 March and
25 October, Europe/Stockholm), after a moved and a cancelled occurrence, a
change to the whole series and a person who leaves it."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
import vobject
from django.utils import timezone

from spiral.platform.audit.models import AuditEvent
from spiral.platform.outbox.models import OutboxMessage
from spiral.programs.sessions.feeds import feed_calendar, feed_get_or_create
from spiral.programs.sessions.models import Attendance, Session, SessionSeries
from spiral.programs.sessions.services import (
    series_materialise,
    series_participants_set,
    series_update,
    session_cancel,
    session_move,
    sessions_materialise_horizon,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
FIRST = date(2026, 3, 16)  # two weeks before summer time starts


def _emails(person) -> list[dict]:
    return [
        m.payload
        for m in OutboxMessage.objects.filter(
            topic="email.send", payload__to=person.email
        ).order_by("pk")
    ]


def _read(calendar: str):
    """The calendar as vobject reads it (one VCALENDAR)."""
    return vobject.readOne(calendar)


def _expanded(calendar, start, end) -> list[tuple[datetime, datetime]]:
    """(start, end) of every occurrence recurring-ical-events finds, in UTC;
    occurrences a client shows as cancelled are left out."""
    if isinstance(calendar, str):
        calendar = icalendar.Calendar.from_ical(calendar)
    return sorted(
        (e.decoded("DTSTART").astimezone(UTC), e.decoded("DTEND").astimezone(UTC))
        for e in recurring_ical_events.of(calendar).between(start, end)
        if str(e.get("STATUS", "")) != "CANCELLED"
    )


def _rows(series) -> list[tuple[datetime, datetime]]:
    return sorted(
        (s.starts_at, s.ends_at)
        for s in Session.objects.filter(series=series).exclude(status=Session.Status.CANCELLED)
    )


def _merged(*calendars: str) -> icalendar.Calendar:
    """What a client holds after these messages: the events of each, the
    later with the same UID and RECURRENCE-ID replacing the earlier."""
    events = {}
    for text in calendars:
        for event in icalendar.Calendar.from_ical(text).walk("VEVENT"):
            recurrence = event.get("RECURRENCE-ID")
            events[(str(event["UID"]), recurrence.dt if recurrence else None)] = event
    merged = icalendar.Calendar()
    merged.add("version", "2.0")
    merged.add("prodid", "-//tests//")
    for event in events.values():
        merged.add_component(event)
    return merged


def test_invitations_and_the_feed_read_by_other_parsers_match_the_sessions(world, in_tenant):
    manager, staff, other = (world.people[k] for k in ("manager", "staff", "other_staff"))
    today = timezone.localdate()
    last = max(date(2027, 12, 31), today + timedelta(days=365))
    with in_tenant(world.tenant):
        series = SessionSeries.objects.create(
            kind="group_meetings", title="Lärande gruppmöte", organiser=manager,
            starts_on=FIRST, start_time=time(9), duration_minutes=90,
            rule=f"FREQ=WEEKLY;UNTIL={last:%Y%m%d}T235959", exceptions=["2026-04-06"],
        )  # fmt: skip
        series.participants.set([manager, staff])
        end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=STOCKHOLM)
        series_materialise(series=series, until=end)
        begin = datetime.combine(FIRST, time(0), tzinfo=STOCKHOLM)
        rows = _rows(series)
        assert len(rows) > 60

        # The series REQUEST: one email for all of it.
        (invitation,) = _emails(staff)
        card = _read(invitation["calendar"])
        assert card.method.value == "REQUEST"
        (event,) = card.vevent_list
        uid = event.uid.value
        assert uid == f"{series.public_id}@spiral" and event.sequence.value == "0"
        assert event.organizer.value == f"mailto:{manager.email}"
        assert event.organizer.params["CN"] == [manager.name]
        attendees = {a.value: a.params for a in event.attendee_list}
        assert set(attendees) == {f"mailto:{staff.email}"}  # the organiser is no attendee
        assert attendees[f"mailto:{staff.email}"]["PARTSTAT"] == ["NEEDS-ACTION"]
        assert attendees[f"mailto:{staff.email}"]["RSVP"] == ["TRUE"]
        # vobject's own expansion and recurring-ical-events agree with the rows,
        # 09:00 local in winter and summer: 08:00 UTC, then 07:00, then 08:00.
        starts = [t.astimezone(UTC) for t in event.getrruleset(addRDate=True)]
        assert starts == [start for start, _end in rows]
        assert _expanded(invitation["calendar"], begin, end) == rows
        assert {s.astimezone(STOCKHOLM).time() for s, _e in rows} == {time(9)}
        utc_hours = [s.hour for s, _e in rows if s.date() < date(2026, 11, 15)]
        assert utc_hours[:2] == [8, 8] and utc_hours[2:4] == [7, 7] and utc_hours[-1] == 8
        assert date(2026, 4, 6) not in {s.astimezone(STOCKHOLM).date() for s, _e in rows}

        # Move one coming occurrence, cancel another: an update of each only.
        coming = list(
            Session.objects.filter(series=series, starts_at__gt=timezone.now() + timedelta(days=1))
        )
        moving, cancelling = coming[0], coming[1]
        new_start = (moving.starts_at + timedelta(days=1)).astimezone(STOCKHOLM).replace(hour=13)
        session_move(session=moving, starts_at=new_start, ends_at=new_start + timedelta(hours=1))
        session_cancel(session=cancelling)
        series_request, moved, cancelled = (e["calendar"] for e in _emails(staff))
        moved_card, cancelled_card = _read(moved), _read(cancelled)
        assert (moved_card.method.value, cancelled_card.method.value) == ("REQUEST", "CANCEL")
        for card, session in ((moved_card, moving), (cancelled_card, cancelling)):
            (event,) = card.vevent_list
            assert event.uid.value == uid and event.sequence.value == "1"
            assert event.recurrence_id.value == session.occurrence
            assert not hasattr(event, "rrule")
        assert moved_card.vevent.dtstart.value == new_start
        assert _expanded(_merged(series_request, moved, cancelled), begin, end) == _rows(series)
        assert len(_rows(series)) == len(rows) - 1

        # The feed: the same UID, the master and the moved occurrence; the
        # cancelled one is not there.
        feed = feed_calendar(feed_get_or_create(person=staff)).decode()
        card = _read(feed)
        assert {e.uid.value for e in card.vevent_list} == {uid}
        overrides = [e for e in card.vevent_list if hasattr(e, "recurrence_id")]
        assert [e.recurrence_id.value for e in overrides] == [moving.occurrence]
        assert _expanded(feed, begin, end) == _rows(series)

        # A change to the whole series: the series again, with its changes.
        series_update(series=series, place="Rum 7")
        update = _emails(staff)[-1]["calendar"]
        card = _read(update)
        master = next(e for e in card.vevent_list if not hasattr(e, "recurrence_id"))
        assert card.method.value == "REQUEST" and master.sequence.value == "1"
        assert master.location.value == "Rum 7"
        assert _expanded(update, begin, end) == _rows(series)

        # Staff leaves the series, another joins: a CANCEL of the series for
        # the one, the series for the other.
        series_participants_set(series=series, people=[manager.pk, other.pk])
        card = _read(_emails(staff)[-1]["calendar"])
        assert card.method.value == "CANCEL"
        (event,) = card.vevent_list
        assert event.uid.value == uid and event.sequence.value == "2"
        assert not hasattr(event, "recurrence_id")
        assert [a.value for a in event.attendee_list] == [f"mailto:{staff.email}"]
        (joined,) = _emails(other)
        card = _read(joined["calendar"])
        assert card.method.value == "REQUEST"
        assert {a.value for a in card.vevent.attendee_list} == {f"mailto:{other.email}"}
        assert _expanded(joined["calendar"], begin, end) == _rows(series)
        future = Session.objects.filter(series=series, starts_at__gte=timezone.now())
        assert not Attendance.objects.filter(session__in=future, person=staff).exists()
        assert Attendance.objects.filter(session__in=future, person=other).count() == (
            future.exclude(status=Session.Status.CANCELLED).count()
        )
        # Both changes to the series are in its trail.
        trail = AuditEvent.objects.filter(object_id=str(series.public_id))
        (updated,) = trail.filter(action="session_series.updated")
        assert updated.changes["place"] == ["", "Rum 7"]
        assert updated.changes["sequence"] == [0, 1]
        (changed,) = trail.filter(action="session_series.participants_changed")
        assert changed.changes["participants"] == [
            sorted([manager.pk, staff.pk]),
            sorted([manager.pk, other.pk]),
        ]
        # Who hears what, each once.
        assert len(_emails(staff)) == 5 and len(_emails(manager)) == 5


def test_the_invitation_says_what_to_prepare_in_the_persons_language(world, in_tenant):
    from spiral.platform.outbox.relay import outbox_relay
    from tests.world import running_programme

    running_programme(world)
    manager = world.people["manager"]
    with in_tenant(world.tenant):
        outbox_relay(limit=5000)  # the components become series
        series = SessionSeries.objects.select_related("component_instance__component").get(
            kind="coaching_track"
        )
        component = series.component_instance.component
        assert component.exercises, "the library's coaching track has exercises"
        # The latest: the coach, assigned after the series was made, joins it by an update.
        *_, sv = [p for p in _emails(manager) if f"{series.public_id}" in p["calendar"]]
        exercise = component.exercises[0]
        assert exercise["title_sv"] in sv["body"] and exercise["title_sv"] in sv["html"]
        assert component.title_sv in sv["subject"]
        assert "http" in sv["body"]  # a link to it
        description = _read(sv["calendar"]).vevent.description.value
        assert exercise["title_sv"] in description
        # In English for a person who reads English.
        user = manager.user
        user.language = "en"
        user.save(update_fields=["language"])
        series_update(series=series, place="Room 2")
        en = _emails(manager)[-1]
        assert exercise["title_en"] in en["body"] and component.title_en in en["subject"]
        assert "Room 2" in en["body"]


def test_materialising_many_series_sends_one_invitation_per_person_and_series(world, in_tenant):
    people = [world.people["staff"], world.people["other_staff"]]
    with in_tenant(world.tenant):
        start = timezone.localdate() + timedelta(days=1)
        for n in range(200):
            series = SessionSeries.objects.create(
                kind="group_meetings", title=f"Grupp {n}", starts_on=start, start_time=time(9),
                rule="FREQ=WEEKLY",
            )  # fmt: skip
            series.participants.set(people)
        now = timezone.now()
        assert sessions_materialise_horizon(now=now) >= 200 * 12
        assert OutboxMessage.objects.filter(topic="email.send").count() == 400
        # Extending the horizon adds sessions, not emails.
        assert sessions_materialise_horizon(now=now + timedelta(days=14)) == 400
        assert OutboxMessage.objects.filter(topic="email.send").count() == 400
