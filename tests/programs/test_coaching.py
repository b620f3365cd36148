"""Coaching tracks (issue 16): made for each enrolled manager, a coach chosen
by capacity outside the reporting line, overridden by HR with a reason,
handed on when a coach leaves, with the history intact."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from spiral.platform.audit.models import AuditEvent
from spiral.platform.outbox.relay import outbox_relay
from spiral.programs.coaching import services, tracks
from spiral.programs.coaching.assignment import coach_choose, reporting_line_ids
from spiral.programs.coaching.models import CoachChange, CoachingTrack, CoachProfile
from spiral.programs.coaching.selectors import coaching_report
from spiral.programs.org.actors import actor_for_user
from spiral.programs.org.models import Person, SupportAssignment
from spiral.programs.org.services import person_update
from spiral.programs.sessions.models import SessionSeries
from tests.coaching_world import coaching_world
from tests.conftest import host
from tests.factories import PersonFactory, login_for


@pytest.fixture
def cw(world, in_tenant):
    return coaching_world(world, in_tenant)


def test_an_enrolled_manager_gets_a_track_whose_coach_organises_its_sessions(cw, in_tenant):
    # Given the programme running (the fixture), when its components are scheduled
    people = cw.world.people
    with in_tenant(cw.world.tenant):
        track = CoachingTrack.objects.get(pk=cw.track.pk)
        # Then the manager's track has the coach, who organises the series and takes part
        assert track.coach == people["coach"]
        series = SessionSeries.objects.get(component_instance=track.instance)
        assert series.organiser == people["coach"]
        assert set(series.participants.all()) == {people["manager"], people["coach"]}
        assert series.sessions.exists()
        assert SupportAssignment.objects.filter(
            kind="coach", supporter=people["coach"], person=people["manager"]
        ).exists()
        change = CoachChange.objects.get(track=track)
        assert change.cause == "automatic" and change.previous is None


def test_the_reporting_line_is_never_a_coach(world, in_tenant):
    # Given the senior manager (the manager's own manager) and the staff are coaches too
    people = world.people
    with in_tenant(world.tenant):
        for role in ("senior", "staff"):
            person_update(person=people[role], is_coach=True)
        Person.objects.filter(pk=people["coach"].pk).update(is_coach=False)
        manager = Person.objects.select_related("unit").get(pk=people["manager"].pk)
        # Then the line holds the boss above and the staff below, and nobody can be chosen
        line = reporting_line_ids(person=manager)
        assert {people["senior"].pk, people["staff"].pk} <= line
        assert people["other_staff"].pk not in line
        assert coach_choose(coachee=manager) is None
        # When the other unit's staff member becomes a coach, they are chosen
        person_update(person=people["other_staff"], is_coach=True)
        assert coach_choose(coachee=manager) == people["other_staff"].pk


def test_tracks_spread_by_capacity(world, in_tenant):
    # Given two coaches taking 1 and 3 coachees, and four managers elsewhere
    with in_tenant(world.tenant):
        Person.objects.filter(pk=world.people["coach"].pk).update(is_coach=False)
        small = PersonFactory(unit=world.units["root"], is_coach=True)
        large = PersonFactory(unit=world.units["root"], is_coach=True)
        CoachProfile.objects.create(person=small, capacity=1)
        CoachProfile.objects.create(person=large, capacity=3)
        made = []
        for _ in range(5):
            coachee = PersonFactory(unit=world.units["e2"], is_first_line_manager=True)
            track = CoachingTrack.objects.create(coachee=coachee)
            made.append(tracks.track_assign_automatically(track=track))
        # Then each coach is filled in proportion, and the fifth waits for HR
        coaches = [track.coach_id for track in made]
        assert coaches.count(small.pk) == 1 and coaches.count(large.pk) == 3
        assert coaches[-1] is None


def test_hr_overrides_with_a_reason_and_the_trail_keeps_it(cw, in_tenant):
    people = cw.world.people
    with in_tenant(cw.world.tenant):
        track = CoachingTrack.objects.get(pk=cw.track.pk)
        # A reason is required, and the reporting line is refused even by hand
        with pytest.raises(ValidationError):
            tracks.track_coach_set(track=track, coach=people["other_coach"], reason=" ")
        person_update(person=people["senior"], is_coach=True)
        with pytest.raises(ValidationError):
            tracks.track_coach_set(track=track, coach=people["senior"], reason="Önskemål")
        # When HR chooses the other coach with a reason
        tracks.track_coach_set(track=track, coach=people["other_coach"], reason="Önskemål")
        # Then the coach changes, the old one loses sight of the coachee, the trail says why
        track.refresh_from_db()
        assert track.coach == people["other_coach"]
        assert not SupportAssignment.objects.filter(
            supporter=people["coach"], person=people["manager"]
        ).exists()
        change = CoachChange.objects.filter(track=track).last()
        assert (change.cause, change.reason, change.previous) == (
            "manual",
            "Önskemål",
            people["coach"],
        )
        event = (
            AuditEvent.objects.filter(action="coaching.track.coach_changed").order_by("id").last()
        )
        assert event.changes["reason"] == "Önskemål" and event.changes["cause"] == "manual"
        series = SessionSeries.objects.get(component_instance=track.instance)
        assert series.organiser == people["other_coach"]
        assert set(series.participants.all()) == {people["manager"], people["other_coach"]}


def test_a_coach_who_leaves_hands_the_track_on_with_its_history(cw, in_tenant):
    people = cw.world.people
    with in_tenant(cw.world.tenant):
        track = CoachingTrack.objects.get(pk=cw.track.pk)
        goal = services.goal_create(track=track, title="Delegera mer")
        services.goal_progress_record(goal=goal, value=3, by=people["manager"])
        services.note_write(track=track, author=people["coach"], text="Första samtalet")
        # When the coach is marked as leaving (the people path publishes the change)
        person_update(person=people["coach"], status=Person.Status.LEAVING)
        outbox_relay(limit=5000)
        # Then the track has the other coach, with its goals, progress and notes
        track.refresh_from_db()
        assert track.coach == people["other_coach"]
        assert track.goals.get().progress.get().value == 3
        assert track.notes.count() == 1
        change = CoachChange.objects.filter(track=track).last()
        assert change.cause == "coach_left" and change.previous == people["coach"]
        assert not SupportAssignment.objects.filter(
            supporter=people["coach"], person=people["manager"]
        ).exists()


def test_progress_is_0_to_10_and_kept_as_history(cw, in_tenant):
    with in_tenant(cw.world.tenant):
        goal = services.goal_create(track=cw.track, title="Tid för lärande")
        for value in (2, 5, 7):
            services.goal_progress_record(goal=goal, value=value, by=cw.world.people["manager"])
        with pytest.raises(ValidationError):
            services.goal_progress_record(goal=goal, value=11, by=cw.world.people["manager"])
        assert [p.value for p in goal.progress.all()] == [2, 5, 7]


def test_only_the_coachee_and_the_coach_write_notes_and_answers(cw, in_tenant):
    people = cw.world.people
    with in_tenant(cw.world.tenant):
        with pytest.raises(ValidationError):
            services.note_write(track=cw.track, author=people["hr"], text="x")
        with pytest.raises(ValidationError):
            services.answer_save(track=cw.track, author=people["other_coach"], exercise="crafting",
                                 answers={"tasks": "x"})  # fmt: skip
        with pytest.raises(ValidationError) as unknown:
            services.answer_save(track=cw.track, author=people["manager"], exercise="crafting",
                                 answers={"nonsense": "x"})  # fmt: skip
        assert "answers" in unknown.value.message_dict
        answer = services.answer_save(
            track=cw.track, author=people["manager"], exercise="emotions",
            answers={"river": "I mötet i går"},
        )  # fmt: skip
        assert answer.answers == {"river": "I mötet i går"}


def test_an_external_coach_sees_only_their_coachees(cw, in_tenant):
    # Given an external coach chosen by HR for the manager, with a login
    people = cw.world.people
    with in_tenant(cw.world.tenant):
        external = services.coach_external_create(
            given_name="Eva", family_name="Extern", email="eva@coachbyra.example"
        )
        tracks.track_coach_set(track=cw.track, coach=external, reason="Extern coach önskad")
        client = Client(HTTP_HOST=host(cw.world.tenant))
        client.force_login(login_for(external))
    # Then their login sees themselves and the coachee, the coachee's track, and nothing more
    people_seen = {row["id"] for row in client.get("/api/v1/people/").json()["results"]}
    assert people_seen == {str(external.public_id), str(people["manager"].public_id)}
    tracks_seen = client.get("/api/v1/coaching-tracks/").json()["results"]
    assert [row["id"] for row in tracks_seen] == [str(cw.track.public_id)]
    assert client.get(f"/api/v1/people/{people['staff'].public_id}/").status_code == 404
    assert client.get("/api/v1/org-units/").status_code == 200  # the chart is public to all


def test_reports_see_counts_and_progress_never_text(cw, in_tenant):
    people = cw.world.people
    with in_tenant(cw.world.tenant):
        goal = services.goal_create(track=cw.track, title="Hemligt mål")
        services.goal_progress_record(goal=goal, value=5, by=people["manager"])
        services.note_write(track=cw.track, author=people["coach"], text="Hemlig anteckning")
        hr = actor_for_user(people["hr"].user)
        report = coaching_report(actor=hr)
    assert report == {"tracks": 1, "with_coach": 1, "notes": 1, "exercise_answers": 0,
                      "goals": 1, "latest_progress": [5]}  # fmt: skip


def test_a_repeat_delivery_makes_no_second_track_and_no_room_leaves_it_for_hr(cw, in_tenant):
    from spiral.platform.outbox.models import OutboxMessage

    people = cw.world.people
    with in_tenant(cw.world.tenant):
        # A second delivery of the component's message changes nothing
        for message in OutboxMessage.objects.filter(subscriber="coaching.tracks"):
            tracks.track_for_component(message)
        assert CoachingTrack.objects.count() == 1
        # When the coach leaves and the only other coach has no room
        services.coach_profile_set(person=people["other_coach"], capacity=0)
        person_update(person=people["coach"], status=Person.Status.LEFT)
        outbox_relay(limit=5000)
        # Then the track waits for HR, and the leaver no longer sees the coachee
        track = CoachingTrack.objects.get(pk=cw.track.pk)
        assert track.coach is None
        assert CoachChange.objects.filter(track=track).last().cause == "coach_left"
        assert (
            not SupportAssignment.objects.filter(supporter=people["coach"])
            .filter(person=people["manager"])
            .exists()
        )
