"""Learning arenas: joining, the waitlist, leaving and promotion, approvals,
the audience rule, and a programme's arena (issue 15)."""

import pytest

from spiral.platform.audit.models import AuditEvent
from spiral.platform.outbox.email import TOPIC as EMAIL
from spiral.platform.outbox.models import OutboxMessage
from spiral.platform.outbox.relay import outbox_relay
from spiral.programs.arenas import services
from spiral.programs.arenas.models import Arena, Membership
from spiral.programs.arenas.selectors import arena_list_mine, arena_list_visible, promotions_mine
from spiral.programs.org.actors import actor_for_user
from spiral.programs.sessions.models import Attendance
from tests.factories import OrgUnitFactory, PersonFactory, login_for
from tests.programs.arena_helpers import arena_make, people
from tests.world import running_programme


def _places(arena):
    return list(
        Membership.objects.filter(arena=arena)
        .order_by("waitlist_position", "id")
        .values_list("person_id", "status", "waitlist_position")
    )


def test_joining_fills_the_seats_then_the_waitlist_in_order(world, in_tenant):
    with in_tenant(world.tenant):
        # Given an arena of three seats
        arena = arena_make(world, capacity=3)
        joiners = people(world, 5)
        # When five people join
        places = [services.arena_join(arena=arena, person=p) for p in joiners]
        # Then three are members and two wait, at positions 1 and 2
        assert [p.status for p in places] == ["member"] * 3 + ["waitlisted"] * 2
        assert [p.waitlist_position for p in places] == [None, None, None, 1, 2]
        # and the members are in the arena's series, invited to what comes
        assert set(arena.series.participants.values_list("pk", flat=True)) == {
            p.pk for p in joiners[:3]
        }
        coming = Attendance.objects.filter(session__series=arena.series, person=joiners[0])
        assert coming.exists()
        assert not Attendance.objects.filter(person=joiners[3]).exists()


def test_a_join_invites_the_newcomer_and_sends_the_members_nothing(world, in_tenant):
    with in_tenant(world.tenant):
        # Given an arena with two members
        arena = arena_make(world, capacity=5)
        first, second, newcomer = people(world, 3)
        for person in (first, second):
            services.arena_join(arena=arena, person=person)
        before = set(OutboxMessage.objects.filter(topic=EMAIL).values_list("pk", flat=True))
        # When a third joins
        services.arena_join(arena=arena, person=newcomer)
        # Then only the newcomer gets the series' invitation
        sent = OutboxMessage.objects.filter(topic=EMAIL).exclude(pk__in=before)
        assert [m.payload["to"] for m in sent] == [newcomer.email]


def test_joining_twice_changes_nothing(world, in_tenant):
    with in_tenant(world.tenant):
        arena = arena_make(world, capacity=1)
        first, second = people(world, 2)
        services.arena_join(arena=arena, person=first)
        waiting = services.arena_join(arena=arena, person=second)
        before, events = _places(arena), AuditEvent.objects.count()
        # When both join again
        again = [services.arena_join(arena=arena, person=p) for p in (first, second)]
        # Then their places are as they were, and nothing is written
        assert _places(arena) == before
        assert again[1].pk == waiting.pk and again[1].waitlist_position == 1
        assert AuditEvent.objects.count() == events


def test_leaving_promotes_the_first_waiting_who_is_told_and_invited(world, in_tenant):
    with in_tenant(world.tenant):
        arena = arena_make(world, capacity=2)
        a, b, c, d = people(world, 4)
        for person in (a, b, c, d):
            services.arena_join(arena=arena, person=person)
        # When a member leaves
        promoted = services.arena_leave(arena=arena, person=a)
        # Then the first on the waitlist is a member, and the waitlist closes up
        assert promoted.person_id == c.pk and promoted.promoted_at is not None
        assert set(_places(arena)) == {
            (b.pk, "member", None),
            (c.pk, "member", None),
            (d.pk, "waitlisted", 1),
        }
        # and is in the series instead of the one who left
        assert set(arena.series.participants.values_list("pk", flat=True)) == {b.pk, c.pk}
        # and gets an email saying so
        emails = OutboxMessage.objects.filter(topic=EMAIL, payload__to=c.email)
        assert any(arena.title in m.payload["subject"] for m in emails)
        # and sees it on their page (the selector the page reads)
        actor = actor_for_user(login_for(c))
        assert arena.pk in {m.arena_id for m in promotions_mine(actor=actor)}


def test_leaving_the_waitlist_closes_the_gap(world, in_tenant):
    with in_tenant(world.tenant):
        arena = arena_make(world, capacity=1)
        member, w1, w2, w3 = people(world, 4)
        for person in (member, w1, w2, w3):
            services.arena_join(arena=arena, person=person)
        # When the second in line leaves
        assert services.arena_leave(arena=arena, person=w2) is None
        # Then the third moves up to 2, no gap, no repeat
        waiting = Membership.objects.filter(arena=arena, status="waitlisted")
        assert dict(waiting.values_list("person_id", "waitlist_position")) == {w1.pk: 1, w3.pk: 2}
        # and leaving again changes nothing
        assert services.arena_leave(arena=arena, person=w2) is None


def test_the_audience_rule_admits_roles_and_subtrees_only(world, in_tenant):
    with in_tenant(world.tenant):
        # Given an arena for first-line managers under Hemtjänst
        arena = arena_make(
            world, audience_roles=["first_line_manager"], audience_units=[world.units["verksamhet"]]
        )
        elsewhere = OrgUnitFactory(name="Skolförvaltningen")
        inside = PersonFactory(unit=world.units["e2"], is_first_line_manager=True)
        staff = PersonFactory(unit=world.units["e2"])
        outside = PersonFactory(unit=elsewhere, is_first_line_manager=True)
        # Then a manager in the subtree joins; staff and a manager elsewhere may not
        assert services.arena_join(arena=arena, person=inside).status == "member"
        for person in (staff, outside):
            with pytest.raises(
                services.OutsideAudienceError, match="första linjens chefer i Hemtjänst"
            ):
                services.arena_join(arena=arena, person=person)
        # and the selectors agree with the service
        for person, admitted in ((inside, True), (staff, False), (outside, False)):
            actor = actor_for_user(login_for(person))
            row = arena_list_visible(actor=actor).get(pk=arena.pk)
            assert row.admitted is admitted
            assert (arena in arena_list_mine(actor=actor)) is admitted


def test_an_arena_by_approval_holds_requests_for_a_facilitator(world, in_tenant):
    with in_tenant(world.tenant):
        arena = arena_make(world, capacity=1, admission=Arena.Admission.APPROVAL)
        first, second, third = people(world, 3)
        # When three ask to join
        for person in (first, second, third):
            assert services.arena_join(arena=arena, person=person).status == "requested"
        # Then nobody is in until a facilitator answers
        assert not arena.series.participants.exists()
        assert services.arena_request_decide(arena=arena, person=first, approve=True).status == (
            "member"
        )
        second_place = services.arena_request_decide(arena=arena, person=second, approve=True)
        assert (second_place.status, second_place.waitlist_position) == ("waitlisted", 1)
        assert services.arena_request_decide(arena=arena, person=third, approve=False) is None
        assert not Membership.objects.filter(arena=arena, person=third).exists()


def test_a_programmes_learning_arena_becomes_an_arena_people_can_join(world, in_tenant):
    # Given an active programme whose template has a learning arena
    programme = running_programme(world)
    with in_tenant(world.tenant):
        outbox_relay(limit=5000)
        # Then its arena exists once, facilitated by the owner, with the component's series
        arena = Arena.objects.get(component_instance__component__programme=programme)
        assert list(arena.facilitators.all()) == [world.people["hr"]]
        outbox_relay(limit=5000)  # a repeat delivery makes no second one
        assert Arena.objects.filter(component_instance__component__programme=programme).count() == 1
        # and joining it invites the member to the component's sessions
        services.arena_join(arena=arena, person=world.people["staff"])
        arena.refresh_from_db()
        assert arena.series is not None
        assert arena.series.component_instance_id == arena.component_instance_id
        assert world.people["staff"] in arena.series.participants.all()
