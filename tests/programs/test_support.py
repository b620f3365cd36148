"""The support assessment's services, rules and selectors (issue 14, part 2)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from spiral.platform.audit.models import AuditEvent
from spiral.platform.core.errors import ConflictError
from spiral.programs.org.actors import Actor
from spiral.programs.programmes.kinds import Rhythm, kind_of
from spiral.programs.programmes.models import Programme
from spiral.programs.support import rules
from spiral.programs.support.models import SupportAnswer, SupportRound
from spiral.programs.support.selectors import (
    support_answer_mine,
    support_results,
    support_round_list_visible,
)
from spiral.programs.support.services import (
    support_answer_submit,
    support_round_close,
    support_round_open,
    support_rounds_due,
)
from spiral.tenants.services import tenant_settings_update
from tests.programs.support_helpers import RATINGS, support_setup

pytestmark = pytest.mark.django_db


def _answer_all(world, setup, text="Mer tid med HR"):
    people = [world.people["manager"], *[p for ps in setup.managers.values() for p in ps]]
    for person in people:
        support_answer_submit(support_round=setup.round, person=person, ratings=RATINGS, need=text)
    return people


def test_the_kind_is_declared_here_and_opens_rounds():
    kind = kind_of("support_assessment")
    assert kind.rhythm == Rhythm.ROUNDS


def test_a_manager_answers_once_and_may_change_it_until_it_closes(world, in_tenant):
    setup = support_setup(world)
    with in_tenant(world.tenant):
        manager = world.people["manager"]
        support_answer_submit(support_round=setup.round, person=manager, ratings=RATINGS)
        changed = {**RATINGS, "rules": 1}
        support_answer_submit(support_round=setup.round, person=manager, ratings=changed,
                              need="Tydligare mandat")  # fmt: skip
        answer = SupportAnswer.objects.get(round=setup.round, respondent=manager)
        assert answer.ratings["rules"] == 1 and answer.unit == world.units["e1"]
        assert SupportAnswer.objects.filter(round=setup.round).count() == 1
        actions = list(
            AuditEvent.objects.filter(action__startswith="support_answer")
            .order_by("id")
            .values_list("action", "changes")
        )
        assert [a for a, _ in actions] == ["support_answer.given", "support_answer.changed"]
        # The audit trail names what changed, never a rating or the text.
        assert "Tydligare" not in str(actions) and "ratings" in str(actions[1][1])
        support_round_close(support_round=setup.round)
        with pytest.raises(ConflictError):
            support_answer_submit(support_round=setup.round, person=manager, ratings=RATINGS)


def test_only_the_programmes_managers_answer(world, in_tenant):
    setup = support_setup(world)
    with in_tenant(world.tenant):
        for role in ("staff", "senior", "hr"):  # senior is not enrolled in this programme
            with pytest.raises(ConflictError):
                support_answer_submit(
                    support_round=setup.round, person=world.people[role], ratings=RATINGS
                )


def test_every_rating_is_checked_and_named(world, in_tenant):
    setup = support_setup(world)
    with in_tenant(world.tenant):
        with pytest.raises(ValidationError) as error:
            support_answer_submit(
                support_round=setup.round, person=world.people["manager"],
                ratings={**RATINGS, "rules": 6, "trust": None, "other": 3},
            )  # fmt: skip
        assert set(error.value.message_dict) == {"ratings", "ratings.rules", "ratings.trust"}


def test_one_open_round_at_a_time(world, in_tenant):
    setup = support_setup(world)
    with in_tenant(world.tenant):
        with pytest.raises(ConflictError):
            support_round_open(instance=setup.instance)
        support_round_close(support_round=setup.round)
        again = support_round_open(instance=setup.instance)
        assert again.sequence == 2


def test_rounds_open_on_the_cadence_and_close_on_their_day(world, in_tenant):
    setup = support_setup(world)
    with in_tenant(world.tenant):
        SupportRound.objects.all().delete()
        start = setup.programme.starts_on
        now = timezone.make_aware(timezone.datetime(start.year, start.month, start.day, 10))
        assert support_rounds_due(now=now) == {"opened": 1, "closed": 0}
        assert support_rounds_due(now=now) == {"opened": 0, "closed": 0}  # twice: once
        later = now + timedelta(days=30)
        assert support_rounds_due(now=later) == {"opened": 0, "closed": 1}  # after 21 days
        next_year = now + timedelta(days=366)
        assert support_rounds_due(now=next_year)["opened"] == 0  # the programme is over
        Programme.objects.update(ends_on="2028-12-31")
        assert support_rounds_due(now=next_year)["opened"] == 1


def test_results_only_when_closed_and_only_through_the_engine(world, in_tenant):
    setup = support_setup(world)
    hr = Actor(person_id=world.people["hr"].pk, is_tenant_admin=True)
    with in_tenant(world.tenant):
        _answer_all(world, setup)
        assert not support_results(actor=hr, support_round=setup.round).available
        closed = support_round_close(support_round=setup.round)
        results = support_results(actor=hr, support_round=closed)
        assert results.available and results.threshold == 5
        assert results.whole.published and results.whole.count == 6
        assert results.whole.means["rules"] == 2 and results.whole.needs == ("Mer tid med HR",) * 6
        by_unit = {r.unit: r for r in results.units}
        for shown in (r for r in results.units if r.published):
            assert shown.count >= results.threshold
        soder = by_unit[world.units["e2"].public_id]
        assert not soder.published and soder.reason == "too_few" and soder.count is None
        assert soder.needs == () and soder.means == {}
        assert soder.rolled_into_name


def test_raising_the_threshold_hides_more_at_once_even_when_closed(world, in_tenant):
    setup = support_setup(world)
    hr = Actor(person_id=world.people["hr"].pk, is_tenant_admin=True)
    with in_tenant(world.tenant):
        _answer_all(world, setup)
        closed = support_round_close(support_round=setup.round)
        assert support_results(actor=hr, support_round=closed).whole.published
        tenant_settings_update(tenant=world.tenant, anonymity_threshold=7)
        results = support_results(actor=hr, support_round=closed)
        assert results.threshold == 7
        assert not any(r.published for r in [results.whole, *results.units])


def test_rules_and_selectors(world, in_tenant):
    setup = support_setup(world)
    with in_tenant(world.tenant):
        manager = Actor(person_id=world.people["manager"].pk)
        staff = Actor(person_id=world.people["staff"].pk)
        hr = Actor(person_id=world.people["hr"].pk, is_tenant_admin=True)
        rounds = {
            name: support_round_list_visible(actor=actor).get()
            for name, actor in (("manager", manager), ("staff", staff), ("hr", hr))
        }
        assert rules.answers_support_round.test(manager, rounds["manager"])
        assert not rules.answers_support_round.test(staff, rounds["staff"])
        assert not rules.answers_support_round.test(hr, rounds["hr"])
        assert rules.sees_support_results.test(hr, None)
        assert not rules.sees_support_results.test(manager, None)
        assert not support_round_list_visible(actor=Actor(client_id="x")).exists()
        support_answer_submit(
            support_round=setup.round, person=world.people["manager"], ratings=RATINGS
        )
        assert support_answer_mine(actor=manager, support_round=setup.round) is not None
        assert support_answer_mine(actor=hr, support_round=setup.round) is None
