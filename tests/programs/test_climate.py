"""The climate pulse's services, selectors and cadence (issue 17, point 5)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from spiral.platform.audit.models import AuditEvent
from spiral.platform.core.errors import ConflictError
from spiral.platform.outbox.models import OutboxMessage
from spiral.platform.outbox.relay import outbox_relay
from spiral.programs.climate.cadence import climate_pulses_due
from spiral.programs.climate.models import ClimateAnswer, ClimateParticipation, ClimatePulse
from spiral.programs.climate.selectors import climate_pulse_list_visible, climate_results
from spiral.programs.climate.services import (
    TOPIC_IMPROVEMENT,
    climate_answer_submit,
    climate_improvement_choose,
    climate_pulse_close,
    climate_pulse_open,
)
from spiral.programs.groups.models import GroupAction
from spiral.programs.org.actors import Actor
from spiral.programs.programmes.kinds import Rhythm, kind_of
from spiral.programs.programmes.models import Programme
from tests.factories import PersonFactory
from tests.programs.climate_helpers import RATINGS, climate_setup

pytestmark = pytest.mark.django_db


def _actor(person, **kwargs):
    return Actor(person_id=person.pk, **kwargs)


def test_the_kind_is_declared_by_the_climate_app_and_opens_rounds():
    kind = kind_of("climate_pulse")
    assert kind.rhythm == Rhythm.ROUNDS
    from spiral.programs.groups.kinds import KINDS

    assert "climate_pulse" not in {k.key for k in KINDS}


def test_an_answer_is_stored_apart_from_who_gave_it(world, in_tenant):
    # Given an open pulse
    setup = climate_setup(world)
    staff = world.people["staff"]
    with in_tenant(world.tenant):
        # When a member answers
        climate_answer_submit(pulse=setup.pulse, person=staff, ratings=RATINGS)
        # Then that they answered and what they answered share no column
        assert ClimateParticipation.objects.filter(pulse=setup.pulse, person=staff).exists()
        answer = ClimateAnswer.objects.get(pulse=setup.pulse)
        fields = {f.name for f in ClimateAnswer._meta.get_fields()}
        assert fields == {"id", "pulse", "ratings"}
        assert answer.ratings == RATINGS
        # And the audit trail says someone answered, never what
        event = AuditEvent.objects.get(action="climate_pulse.answered")
        assert "4" not in str(event.changes) and "trust" not in str(event.changes)
        # And a second answer is refused, not counted
        with pytest.raises(ConflictError):
            climate_answer_submit(pulse=setup.pulse, person=staff, ratings=RATINGS)
        assert ClimateAnswer.objects.filter(pulse=setup.pulse).count() == 1


def test_only_members_answer_and_every_rating_is_checked(world, in_tenant):
    setup = climate_setup(world)
    with in_tenant(world.tenant):
        with pytest.raises(ConflictError):
            climate_answer_submit(
                pulse=setup.pulse, person=world.people["other_staff"], ratings=RATINGS
            )
        with pytest.raises(ValidationError) as error:
            climate_answer_submit(
                pulse=setup.pulse, person=world.people["staff"],
                ratings={**RATINGS, "listening": 6, "weather": 3},
            )  # fmt: skip
        assert {"ratings.listening", "ratings"} <= set(error.value.message_dict)
        assert not ClimateParticipation.objects.exists()
        climate_pulse_close(pulse=setup.pulse)
        with pytest.raises(ConflictError):
            climate_answer_submit(pulse=setup.pulse, person=world.people["staff"], ratings=RATINGS)


def test_results_are_suppressed_below_the_threshold(world, in_tenant):
    # Given a group of six, and the tenant's threshold of 5
    setup = climate_setup(world)
    member = _actor(world.people["staff"])
    with in_tenant(world.tenant):
        # When four answer, nothing is shown
        for person in setup.members[:4]:
            climate_answer_submit(pulse=setup.pulse, person=person, ratings=RATINGS)
        results = climate_results(actor=member, pulse=setup.pulse)
        assert not results.published and results.reason == "too_few"
        assert results.count is None and results.means == {}
        # When the fifth answers, the means appear, the pulse still open
        climate_answer_submit(pulse=setup.pulse, person=setup.members[4], ratings=RATINGS)
        results = climate_results(actor=member, pulse=setup.pulse)
        assert results.published and results.count == 5
        assert results.means["trust_management"] == 2 and results.means["listening"] == 4


def test_a_late_answer_does_not_move_the_figures_alone(world, in_tenant):
    setup = climate_setup(world)
    member = _actor(world.people["staff"])
    with in_tenant(world.tenant):
        for person in setup.members[:5]:
            climate_answer_submit(pulse=setup.pulse, person=person, ratings=RATINGS)
        assert climate_results(actor=member, pulse=setup.pulse).count == 5
        climate_answer_submit(
            pulse=setup.pulse, person=setup.members[5], ratings={**RATINGS, "listening": 1}
        )
        # The sixth answer alone would be told apart by subtraction: the engine holds.
        results = climate_results(actor=member, pulse=setup.pulse)
        assert results.held and results.count == 5 and results.means["listening"] == 4


def test_only_the_group_and_hr_see_its_pulses(world, in_tenant):
    setup = climate_setup(world)
    with in_tenant(world.tenant):
        staff = climate_pulse_list_visible(actor=_actor(world.people["staff"])).get()
        assert staff.answerable and not staff.answered
        leader = world.people["manager"]
        assert climate_pulse_list_visible(
            actor=_actor(leader, led_work_group_ids=frozenset({world.work_group.pk}))
        ).exists()
        assert not climate_pulse_list_visible(actor=_actor(world.people["other_staff"])).exists()
        hr = Actor(person_id=world.people["hr"].pk, is_tenant_admin=True)
        assert not climate_pulse_list_visible(actor=hr).get().answerable
        assert not climate_pulse_list_visible(actor=Actor(client_id="x")).exists()
        climate_answer_submit(pulse=setup.pulse, person=world.people["staff"], ratings=RATINGS)
        assert climate_pulse_list_visible(actor=_actor(world.people["staff"])).get().answered


def test_the_chosen_improvement_is_published_once_in_the_same_transaction(world, in_tenant):
    setup = climate_setup(world)
    leader, staff = world.people["manager"], world.people["staff"]
    due = timezone.localdate() + timedelta(days=30)
    with in_tenant(world.tenant):
        # When the choice fails after it was written, nothing is published
        with pytest.raises(RuntimeError), transaction.atomic():
            climate_improvement_choose(
                pulse=setup.pulse, chosen_by=leader, aspects=["listening"], activity="Rundan"
            )
            raise RuntimeError
        assert not OutboxMessage.objects.filter(topic=TOPIC_IMPROVEMENT).exists()
        # When the group chooses, one message carries the contract's payload
        improvement = climate_improvement_choose(
            pulse=setup.pulse, chosen_by=leader, aspects=["listening", "sharing", "listening"],
            activity="  Varje möte börjar med en runda där alla får tala klart. ",
            owner=staff, due=due,
        )  # fmt: skip
        assert improvement.aspects == ["listening", "sharing"]
        message = OutboxMessage.objects.get(topic=TOPIC_IMPROVEMENT)
        assert message.payload == {
            "work_group_id": world.work_group.pk,
            "pulse_id": setup.pulse.pk,
            "text": "Varje möte börjar med en runda där alla får tala klart.",
            "owner_person_id": staff.pk,
            "due": due.isoformat(),
        }
        # And a second choice is refused, and publishes nothing more
        with pytest.raises(ConflictError):
            climate_improvement_choose(
                pulse=setup.pulse, chosen_by=leader, aspects=["sharing"], activity="Till"
            )
        assert OutboxMessage.objects.filter(topic=TOPIC_IMPROVEMENT).count() == 1
        assert AuditEvent.objects.filter(action="climate_improvement.chosen").count() == 1
        # And delivered, it is the group's action (the groups app's subscriber)
        outbox_relay()
        (action,) = GroupAction.objects.filter(pulse_id=setup.pulse.pk)
        assert action.work_group == world.work_group and action.owner == staff
        assert action.due == due and action.text == message.payload["text"]


def test_a_choice_names_known_aspects_an_activity_and_someone_of_the_group(world, in_tenant):
    setup = climate_setup(world)
    with in_tenant(world.tenant):
        outsider = PersonFactory(unit=world.units["e2"])
        with pytest.raises(ValidationError) as error:
            climate_improvement_choose(
                pulse=setup.pulse, chosen_by=world.people["manager"], aspects=["weather"],
                activity=" ", owner=outsider, due=date(2020, 1, 1),
            )  # fmt: skip
        assert set(error.value.message_dict) == {"aspects", "activity", "owner", "due"}


def test_pulses_open_on_the_cadence_and_close_on_their_day(world, in_tenant):
    setup = climate_setup(world)
    with in_tenant(world.tenant):
        ClimatePulse.objects.all().delete()
        start = setup.programme.starts_on
        now = timezone.make_aware(timezone.datetime(start.year, start.month, start.day, 10))
        assert climate_pulses_due(now=now) == {"opened": 1, "closed": 0}
        assert climate_pulses_due(now=now) == {"opened": 0, "closed": 0}  # twice: once
        later = now + timedelta(days=20)
        assert climate_pulses_due(now=later) == {"opened": 0, "closed": 1}  # after 14 days
        quarter = now + timedelta(days=92)  # FREQ=MONTHLY;INTERVAL=3
        assert climate_pulses_due(now=quarter) == {"opened": 1, "closed": 0}
        assert ClimatePulse.objects.get(status="open").sequence == 2
        Programme.objects.update(status=Programme.Status.ARCHIVED)
        assert climate_pulses_due(now=quarter + timedelta(days=92))["opened"] == 0


def test_one_open_pulse_at_a_time(world, in_tenant):
    setup = climate_setup(world)
    with in_tenant(world.tenant):
        with pytest.raises(ConflictError):
            climate_pulse_open(instance=setup.instance)
        assert connection.schema_name == world.tenant.schema_name


def test_the_periodic_work_of_one_tenant_leaves_another_alone(world, tenant_b, in_tenant):
    # Given tenant A's pulse is past its day
    setup = climate_setup(world)
    with in_tenant(world.tenant):
        ClimatePulse.objects.update(closes_on=date(2027, 1, 2))
    later = timezone.make_aware(timezone.datetime(2027, 2, 1, 10))
    # When tenant B's periodic work runs
    with in_tenant(tenant_b):
        assert climate_pulses_due(now=later) == {"opened": 0, "closed": 0}
    # Then A's pulse is still open, until A's own run closes it
    with in_tenant(world.tenant):
        assert ClimatePulse.objects.get(pk=setup.pulse.pk).status == "open"
        assert climate_pulses_due(now=later)["closed"] == 1


@pytest.mark.parametrize("threshold", [3, 6])
def test_no_path_shows_a_figure_of_fewer_than_the_threshold(world, in_tenant, threshold):
    from spiral.programs.climate.selectors import climate_trend
    from spiral.tenants.services import tenant_settings_update

    # Given a group of eight and the tenant's threshold
    setup = climate_setup(world, extra=6)
    member = _actor(world.people["staff"])
    with in_tenant(world.tenant):
        tenant_settings_update(tenant=world.tenant, anonymity_threshold=threshold)
        # When its members answer one by one, the results and the trend are read each time
        for answered, person in enumerate(setup.members, start=1):
            climate_answer_submit(pulse=setup.pulse, person=person, ratings=RATINGS)
            for results in (
                climate_results(actor=member, pulse=setup.pulse),
                climate_trend(actor=member, pulse=setup.pulse)[-1],
            ):
                # Then nothing is shown below the threshold, and what is shown covers enough
                assert results.published == (answered >= threshold)
                if results.published:
                    assert results.count >= threshold and results.means
                else:
                    assert results.count is None and results.means == {}
