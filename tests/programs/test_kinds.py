"""The component kind registry is the one list of kinds: the library, the
scheduler, the reminders and the API read it."""

from datetime import timedelta

import pytest

from spiral.platform.outbox.relay import outbox_relay
from spiral.programs.org.models import SupportAssignment
from spiral.programs.programmes import library
from spiral.programs.programmes.kinds import (
    ComponentKind,
    DuplicateKindError,
    Organiser,
    Rhythm,
    UnknownKindError,
    kind_of,
    register,
    registered,
    unregister,
)
from spiral.programs.programmes.models import Audience, Level, ProgrammeTemplate
from spiral.programs.programmes.services import template_library_sync
from spiral.programs.sessions.models import SessionSeries
from spiral.programs.sessions.reminders import notifications_due
from tests.programs.conftest import NOW, emails_of
from tests.world import running_programme

JSON = "application/json"


def _kind(key="test_kind", **changes) -> ComponentKind:
    fields = {
        "key": key, "level": Level.GROUP, "rhythm": Rhythm.MEETINGS,
        "organiser": Organiser.WORK_GROUP_LEADER, "audience": Audience.EACH_WORK_GROUP,
    }  # fmt: skip
    return ComponentKind(**{**fields, **changes})


def _bogus_library() -> list[dict]:
    """The shipped library with one component of a kind nobody registered, last,
    so that the templates before it have been written when it fails."""
    *rest, last = library.TEMPLATES
    bogus = {**last["components"][0], "kind": "bogus"}
    return [*rest, {**last, "components": [*last["components"], bogus]}]


def test_every_kind_the_library_names_is_registered():
    # Given the shipped library, when each component's kind is looked up,
    # then none is missing (an unregistered kind would break every migration).
    named = {c["kind"] for t in library.TEMPLATES for c in t["components"]}
    missing = {key for key in named if key not in {kind.key for kind in registered()}}
    assert not missing, f"library names unregistered kinds: {sorted(missing)}"
    assert "level" not in library.TEMPLATES[0]["components"][0]  # the kind's, not the library's


def test_an_unknown_key_raises_a_clear_error():
    with pytest.raises(UnknownKindError, match=r"'bogus'.*coaching_track"):
        kind_of("bogus")


def test_registering_a_key_twice_raises():
    # Given a kind registered once
    register(_kind())
    try:
        # When the key is registered again (even by an equal declaration),
        # then it is refused and the first declaration stays.
        with pytest.raises(DuplicateKindError, match="test_kind"):
            register(_kind(rhythm=Rhythm.ROUNDS))
        with pytest.raises(DuplicateKindError):
            register(_kind())
        assert kind_of("test_kind").rhythm == Rhythm.MEETINGS
    finally:
        unregister("test_kind")
    with pytest.raises(DuplicateKindError):
        register(kind_of("coaching_track"))


def test_the_registry_lists_every_kind_once_in_a_stable_order():
    keys = [kind.key for kind in registered()]
    assert keys == sorted(set(keys))
    assert kind_of("backspegling").rhythm == Rhythm.MEETINGS  # it meets now
    assert kind_of("supervision_group").rhythm == Rhythm.MEETINGS
    assert kind_of("mentor_matching").rhythm == Rhythm.ONCE
    assert kind_of("feedback_loop").organiser == Organiser.CHAIR


def test_library_sync_refuses_an_unregistered_kind(world, in_tenant):
    with in_tenant(world.tenant):
        before = list(ProgrammeTemplate.objects.values_list("key", "components__kind"))
        with pytest.raises(UnknownKindError, match="bogus"):
            template_library_sync(templates=_bogus_library())
        # The sync is one transaction: nothing was half-written.
        after = list(ProgrammeTemplate.objects.values_list("key", "components__kind"))
        assert sorted(after, key=str) == sorted(before, key=str)


def test_stored_level_and_audience_come_from_the_kind(world, in_tenant):
    # Given a copy whose components are replaced with a level and audience that
    # contradict the kind, when saved, then the kind's own are stored.
    template = _template(world, in_tenant)
    client = world.client("hr")
    copy = client.post(f"/api/v1/programme-templates/{template.public_id}/copy/").json()
    component = {
        "kind": "feedback_loop", "level": "individual", "audience": "each_participant",
        "cadence": "FREQ=MONTHLY", "session_minutes": 90, "title_sv": "Loop", "title_en": "Loop",
    }  # fmt: skip
    response = client.patch(
        f"/api/v1/programme-templates/{copy['id']}/", {"components": [component]}, JSON
    )
    assert response.status_code == 200, response.content
    (stored,) = response.json()["components"]
    assert (stored["level"], stored["audience"]) == ("organisation", "each_management_group")
    assert (stored["rhythm"], stored["organiser"]) == ("meetings", "chair")


def test_the_api_refuses_an_unknown_kind(world, in_tenant):
    template = _template(world, in_tenant)
    client = world.client("hr")
    copy = client.post(f"/api/v1/programme-templates/{template.public_id}/copy/").json()
    url = f"/api/v1/programme-templates/{copy['id']}/"
    component = {"kind": "bogus", "cadence": "", "title_sv": "X", "title_en": "X"}
    response = client.patch(url, {"components": [component]}, JSON)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "components[0].kind"
    assert len(client.get(url).json()["components"]) == len(copy["components"])  # unchanged


def test_a_coaching_track_is_organised_by_the_assigned_coach(world, in_tenant):
    # Given the manager has an active coach (and an ended one)
    people = world.people
    with in_tenant(world.tenant):
        SupportAssignment.objects.create(
            kind="coach", supporter=people["senior"], person=people["manager"],
            ends_on="2020-01-01",
        )  # fmt: skip
        SupportAssignment.objects.create(
            kind="coach", supporter=people["coach"], person=people["manager"]
        )
    # When the programme starts and its components are scheduled
    running_programme(world)
    with in_tenant(world.tenant):
        outbox_relay(limit=5000)
        # Then the active coach organises and takes part; mentoring, without a
        # mentor, falls back to the programme owner.
        coaching = SessionSeries.objects.get(kind="coaching_track")
        assert coaching.organiser == people["coach"]
        assert set(coaching.participants.all()) == {people["manager"], people["coach"]}
        mentoring = SessionSeries.objects.get(kind="mentoring")
        assert mentoring.organiser == people["hr"]
        assert set(mentoring.participants.all()) == {people["manager"]}


def test_a_round_kind_gets_no_series(world, in_tenant):
    # Given a programme with a climate pulse that has a cadence
    running_programme(world)
    with in_tenant(world.tenant):
        # When its components are scheduled, then the pulse (rounds) has no
        # series while group meetings (meetings) have one.
        outbox_relay(limit=5000)
        assert kind_of("climate_pulse").rhythm == Rhythm.ROUNDS
        assert not SessionSeries.objects.filter(kind="climate_pulse").exists()
        assert SessionSeries.objects.filter(kind="group_meetings").exists()


@pytest.fixture
def quiet_kind():
    """A kind of the test's own: a prompt afterwards, no reminders before."""
    register(_kind("quiet_kind", follow_up="What did the quiet kind teach you?", reminders=False))
    yield kind_of("quiet_kind")
    unregister("quiet_kind")


def test_follow_ups_and_reminders_follow_the_registry(world, in_tenant, session_for, quiet_kind):
    # Given sessions of a registered kind with a prompt and no reminders: one
    # finished, one about to start; and a finished arena session (no prompt)
    session_for(kind="quiet_kind", starts_in=-timedelta(hours=2))
    session_for(kind="quiet_kind", starts_in=timedelta(hours=2))
    session_for(kind="learning_arena", starts_in=-timedelta(hours=2))
    with in_tenant(world.tenant):
        user = world.people["staff"].user
        user.language = "en"
        user.save()
        # When notifications run, then only the follow-up of the kind with a
        # prompt goes out, asking what the kind asks; no reminder.
        assert notifications_due(now=NOW) == 1
    (follow_up,) = emails_of(in_tenant, world)
    assert follow_up.payload["body"] == quiet_kind.follow_up
    assert kind_of("learning_arena").follow_up is None


def test_prompts_moved_to_their_kinds_keep_their_swedish(world, in_tenant, session_for):
    # Given a finished backspegling for someone reading Swedish (the default)
    session_for(kind="backspegling", starts_in=-timedelta(hours=2))
    with in_tenant(world.tenant):
        notifications_due(now=NOW)
    # Then the prompt is the Swedish translation of the kind's msgid.
    (follow_up,) = emails_of(in_tenant, world)
    assert follow_up.payload["body"] == "Backspegling: vad hände, vad lärde ni er, vad ändras?"


def _template(world, in_tenant, key="first-line-managers"):
    with in_tenant(world.tenant):
        return ProgrammeTemplate.objects.get(key=key)


def test_a_kinds_handlers_become_outbox_subscribers(tenant_a, in_tenant):
    from spiral.platform.outbox.services import outbox_publish
    from spiral.platform.outbox.subscribers import subscribers_of

    topic, heard = "tests.round_opened", []
    register(_kind("listening_kind", handlers={topic: lambda message: heard.append(message.key)}))
    try:
        assert [s.name for s in subscribers_of(topic)] == [f"listening_kind:{topic}"]
        with in_tenant(tenant_a):
            outbox_publish([(topic, "round-1", {})])
            outbox_relay(subscribers=[f"listening_kind:{topic}"])
        assert heard == ["round-1"]
    finally:
        unregister("listening_kind")
    assert subscribers_of(topic) == []
