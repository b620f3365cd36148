"""Group contracts and learning meetings (issue 17, points 1-3): versions and
acceptances, the contract in force at check-in, check-out positions forming a
trend, actions coming back until closed, overdue nudges, the check-out prompt
once per meeting, and the climate pulse's chosen improvement as an action."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from spiral.platform.audit.models import AuditEvent
from spiral.platform.core.errors import ConflictError
from spiral.platform.outbox.models import OutboxMessage
from spiral.platform.outbox.relay import outbox_relay
from spiral.platform.outbox.services import Publication, outbox_publish
from spiral.programs.groups import actions as group_actions
from spiral.programs.groups import selectors, services
from spiral.programs.groups.contract_template import contract_template
from spiral.programs.groups.models import GroupAction
from spiral.programs.org.actors import Actor
from spiral.programs.sessions.models import Attendance, Session
from spiral.programs.sessions.reminders import notifications_due
from tests.programs.group_helpers import group_setup


def _actor(world, role):
    person = world.people[role]
    led = frozenset([world.work_group.pk]) if role == "manager" else frozenset()
    return Actor(person_id=person.pk, led_work_group_ids=led)


def test_a_new_contract_version_asks_members_again(world):
    # Given the group's first contract, from the Swedish template, accepted by both
    setup = group_setup(world)
    people = world.people
    with schema_context(world.tenant.schema_name):
        first = services.contract_version_add(
            work_group=setup.work_group, rules=contract_template("sv"), written_by=people["manager"]
        )
        for role in ("manager", "staff"):
            services.contract_accept(contract=first, person=people[role])
        services.contract_accept(contract=first, person=people["staff"])  # twice: one acceptance
        assert first.acceptances.count() == 2
        # When the leader writes a second version
        second = services.contract_version_add(
            work_group=setup.work_group, rules=["Vi lyssnar.", "  "], written_by=people["manager"]
        )
        # Then it is in force, no one has accepted it yet, and the old one can't be
        in_force = selectors.contract_in_force(
            actor=_actor(world, "staff"), work_group=setup.work_group
        )
        assert in_force.pk == second.pk and in_force.rules == ["Vi lyssnar."]
        assert in_force.in_force and not in_force.accepted and in_force.accepted_by == []
        with pytest.raises(ConflictError):
            services.contract_accept(contract=first, person=people["staff"])
        # And someone outside the group cannot accept it, nor see it
        with pytest.raises(ConflictError):
            services.contract_accept(contract=second, person=people["other_staff"])
        assert not selectors.contract_list_visible(actor=_actor(world, "other_staff")).exists()
        assert contract_template("en")[0].startswith("We listen")


def test_check_in_fixes_the_contract_in_force_and_check_out_builds_a_trend(world):
    setup = group_setup(world)
    people = world.people
    with schema_context(world.tenant.schema_name):
        v1 = services.contract_version_add(work_group=setup.work_group, rules=["Ett"])
        first = services.meeting_open(session=setup.sessions[0])
        assert services.meeting_open(session=setup.sessions[0]).pk == first.pk  # made once
        services.meeting_check_in(
            meeting=first, purpose="Bättre överlämningar", agenda=["Incheckning", "Mål"]
        )
        services.note_write(
            meeting=first, person=people["staff"], expectations="Tydlighet", fears="Tidsbrist"
        )
        services.meeting_check_out(
            meeting=first, goals=[{"title": "Trygga överlämningar", "position": 2}],
            activities="Checklista", next_purpose="Följa upp",
        )  # fmt: skip
        # A new version after the first meeting is the one the second meeting shows
        v2 = services.contract_version_add(work_group=setup.work_group, rules=["Två"])
        second = services.meeting_open(session=setup.sessions[1])
        services.meeting_check_in(meeting=second, purpose="Följa upp")
        services.meeting_check_out(
            meeting=second, goals=[{"title": "trygga överlämningar", "position": 4}]
        )
        first.refresh_from_db()
        second.refresh_from_db()
        assert (first.contract_id, second.contract_id) == (v1.pk, v2.pk)
        # The same goal (named in any case) has both positions, in meeting order
        (goal,) = selectors.goal_list_visible(actor=_actor(world, "staff"))
        assert [p.position for p in goal.positions.all()] == [2, 4]
        assert not selectors.goal_list_visible(actor=_actor(world, "other_staff")).exists()
        # Positions outside 0-10 are refused, naming the field
        with pytest.raises(ValidationError) as refused:
            services.meeting_check_out(meeting=second, goals=[{"title": "X", "position": 11}])
        assert "goals.0.position" in refused.value.message_dict
        # Notes are audited by field, never by their words
        assert not AuditEvent.objects.filter(changes__icontains="Tidsbrist").exists()


def test_actions_come_back_at_each_check_in_until_closed(world):
    setup = group_setup(world)
    staff = _actor(world, "staff")
    with schema_context(world.tenant.schema_name):
        first = services.meeting_open(session=setup.sessions[0])
        action = group_actions.action_add(
            work_group=setup.work_group, text="Skriv checklistan", owner=world.people["staff"],
            due=date(2027, 1, 20), meeting=first,
        )  # fmt: skip
        second = services.meeting_open(session=setup.sessions[1])
        assert list(selectors.actions_open_before(actor=staff, meeting=second)) == [action]
        assert not selectors.actions_open_before(actor=staff, meeting=first).exists()
        group_actions.action_close(action=action)
        assert not selectors.actions_open_before(actor=staff, meeting=second).exists()
        with pytest.raises(ValidationError):  # the owner must be one of the group
            group_actions.action_add(
                work_group=setup.work_group, text="X", owner=world.people["other_staff"]
            )


def test_overdue_actions_are_listed_for_the_leader_and_nudged_once_a_day(world):
    setup = group_setup(world)
    with schema_context(world.tenant.schema_name):
        late = group_actions.action_add(
            work_group=setup.work_group, text="Boka lokal", owner=world.people["staff"],
            due=date(2027, 1, 10),
        )  # fmt: skip
        group_actions.action_add(
            work_group=setup.work_group, text="Senare", owner=world.people["staff"],
            due=date(2027, 2, 10),
        )  # fmt: skip
        from datetime import datetime
        from zoneinfo import ZoneInfo

        now = datetime(2027, 1, 15, 10, tzinfo=ZoneInfo("Europe/Stockholm"))
        leader = _actor(world, "manager")
        assert list(selectors.actions_overdue_led(actor=leader, today=now.date())) == [late]
        assert not selectors.actions_overdue_led(actor=_actor(world, "staff"), today=now.date())
        # When the task runs twice a day, then on the next day
        assert group_actions.actions_overdue_nudge(now=now) == 1
        assert group_actions.actions_overdue_nudge(now=now + timedelta(hours=3)) == 0
        assert group_actions.actions_overdue_nudge(now=now + timedelta(days=1)) == 1
        nudges = OutboxMessage.objects.filter(key__startswith="nudges:group-action:")
        assert {m.payload["to"] for m in nudges} == {world.people["staff"].email}


def test_the_check_out_prompt_goes_out_once_per_meeting(world):
    setup = group_setup(world)
    session = setup.sessions[0]
    with schema_context(world.tenant.schema_name):
        invited = Attendance.objects.filter(session=session).count()
        assert invited == 2
        after = session.ends_at + timedelta(minutes=5)

        def prompts():
            return OutboxMessage.objects.filter(
                topic="email.send", key__startswith=f"follow_ups:{session.public_id}:"
            ).count()

        # Before the end: nothing; after it, one per participant, however often it runs
        notifications_due(now=session.ends_at - timedelta(minutes=1))
        assert prompts() == 0
        notifications_due(now=after)
        notifications_due(now=after + timedelta(minutes=15))
        notifications_due(now=after + timedelta(hours=20))
        assert prompts() == invited
        # Recorded as held afterwards, it sends no second one
        Session.objects.filter(pk=session.pk).update(status=Session.Status.HELD)
        notifications_due(now=after + timedelta(hours=21))
        assert prompts() == invited


def test_the_climate_pulse_chosen_improvement_becomes_an_action_once(world):
    setup = group_setup(world)
    with schema_context(world.tenant.schema_name):
        payload = {
            "work_group_id": setup.work_group.pk, "pulse_id": 41,
            "text": "Vi börjar varje möte med en runda om hur vi har det",
            "owner_person_id": world.people["staff"].pk, "due": "2027-03-01",
        }  # fmt: skip
        # When the climate pulse publishes its choice, twice (a repeat delivery too)
        outbox_publish([Publication("climate.improvement_chosen", "pulse-41", payload)])
        outbox_publish([Publication("climate.improvement_chosen", "pulse-41-again", payload)])
        outbox_relay()
        # Then the group has the one action, with its owner and due date
        (action,) = GroupAction.objects.filter(pulse_id=41)
        assert action.work_group == setup.work_group and action.owner == world.people["staff"]
        assert action.due == date(2027, 3, 1)
        # And an owner who is not of the group leaves it without one
        outbox_publish([Publication("climate.improvement_chosen", "pulse-42", {
            **payload, "pulse_id": 42, "owner_person_id": world.people["other_staff"].pk,
            "due": None,
        })])  # fmt: skip
        outbox_relay()
        assert GroupAction.objects.get(pulse_id=42).owner is None


def test_the_overdue_task_is_scheduled_per_tenant_and_runs_in_its_tenant(world, tenant_b):
    from django.conf import settings

    from spiral.workers.base import TenantRequiredError
    from spiral.workers.tasks.groups import actions_overdue

    # Given the beat schedule: the task fans out to every tenant, hourly
    entry = settings.CELERY_BEAT_SCHEDULE["group-actions-overdue"]
    assert entry["task"] == "spiral.fan_out"
    assert entry["args"] == ("spiral.groups.actions_overdue",)
    setup = group_setup(world)
    with schema_context(world.tenant.schema_name):
        group_actions.action_add(
            work_group=setup.work_group, text="Sen", owner=world.people["staff"],
            due=date(2020, 1, 1),
        )  # fmt: skip
    # When it runs for tenant B, A's overdue action is not B's to nudge
    with schema_context(tenant_b.schema_name):
        assert actions_overdue.apply().get() == 0
    # In A's schema it nudges once, and not again the same day
    with schema_context(world.tenant.schema_name):
        assert actions_overdue.apply().get() == 1
        assert actions_overdue.apply().get() == 0
    with pytest.raises(TenantRequiredError):
        actions_overdue.apply().get()
