"""Enrolment gives components; components that meet get a session series with
the right people, materialised and invited, through the outbox."""

from datetime import date, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from django.utils import timezone

from spiral.platform.outbox.models import OutboxMessage
from spiral.platform.outbox.relay import outbox_relay
from spiral.programs.coaching.services import coach_profile_set
from spiral.programs.programmes.enrolment import INSTANCE_TOPIC
from spiral.programs.sessions.components import series_for_component
from spiral.programs.sessions.models import Session, SessionSeries
from tests.world import running_programme

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _series(kind):
    return SessionSeries.objects.get(kind=kind)


def test_components_that_meet_become_series_with_their_people(world, in_tenant):
    people = world.people
    with in_tenant(world.tenant):
        # No coach has room: the track gets none (automatic assignment: test_coaching.py).
        coach_profile_set(person=people["coach"], capacity=0)
    programme = running_programme(world)
    with in_tenant(world.tenant):
        outbox_relay(limit=5000)
        first_day = max(date(2027, 1, 1), timezone.localdate())

        # The manager has no coach yet: the programme owner organises (see
        # tests/programs/test_kinds.py for an assigned coach).
        coaching = _series("coaching_track")
        assert coaching.organiser == people["hr"]
        assert set(coaching.participants.all()) == {people["manager"]}
        meetings = _series("group_meetings")
        assert meetings.organiser == people["manager"]
        assert set(meetings.participants.all()) == {people["manager"], people["staff"]}
        feedback = _series("feedback_loop")
        assert feedback.organiser == people["senior"]
        assert set(feedback.participants.all()) == {people["senior"], people["manager"]}
        arena = _series("learning_arena")
        assert arena.organiser == people["hr"] and not arena.participants.exists()
        assert not SessionSeries.objects.filter(kind__in=["climate_pulse", "support_assessment"])
        assert coaching.rule == "FREQ=WEEKLY;INTERVAL=4;UNTIL=20271231T235959"

        # Materialised at once, 09:00 local from the programme's first day, in
        # the programme, with the component's length.
        sessions = list(Session.objects.filter(series=coaching))
        assert sessions, "the first 90 days are there"
        assert sessions[0].starts_at.astimezone(STOCKHOLM).date() == first_day
        assert {s.starts_at.astimezone(STOCKHOLM).time() for s in sessions} == {time(9)}
        assert all(b.occurrence - a.occurrence == timedelta(weeks=4) for a, b in pairwise(sessions))
        assert all(s.ends_at - s.starts_at == timedelta(minutes=60) for s in sessions)
        assert {s.component_instance.component.programme_id for s in sessions} == {programme.pk}

        # Everyone invited gets one invitation per series (its rule), not one
        # per session.
        def invitations(person):
            return set(
                OutboxMessage.objects.filter(
                    topic="email.send", key__endswith=f":{person.pk}"
                ).values_list("key", flat=True)
            )

        assert invitations(people["staff"]) == {
            f"series:{meetings.public_id}:0:{people['staff'].pk}"
        }
        assert invitations(people["manager"]) == {
            f"series:{s.public_id}:0:{people['manager'].pk}"
            for s in SessionSeries.objects.filter(participants=people["manager"])
        }
        assert {coaching, meetings, feedback} <= set(
            SessionSeries.objects.filter(participants=people["manager"])
        )
        assert Session.objects.filter(series=meetings).count() > 1

        # A repeat delivery of the same message makes nothing new.
        message = OutboxMessage.objects.filter(topic=INSTANCE_TOPIC).first()
        before = (SessionSeries.objects.count(), Session.objects.count())
        series_for_component(message)
        assert (SessionSeries.objects.count(), Session.objects.count()) == before

    staff = world.client("staff")
    listed = staff.get(f"/api/v1/sessions/?programme={programme.public_id}").json()["results"]
    assert {s["kind"] for s in listed} == {"group_meetings"}
    other = staff.get("/api/v1/sessions/?programme=00000000-0000-0000-0000-000000000000").json()
    assert other["results"] == []
