"""An outbox topic has any number of subscribers, each delivered and retried on
its own; subscribers are registered once, explicitly."""

import pytest

from spiral.platform.outbox.models import OutboxMessage
from spiral.platform.outbox.relay import outbox_relay
from spiral.platform.outbox.services import outbox_publish
from spiral.platform.outbox.subscribers import (
    SubscriptionError,
    subscribe,
    subscribers_of,
    unsubscribe,
)
from spiral.programs.org.events import PEOPLE_CHANGED

TOPIC = "tests.something_happened"


@pytest.fixture
def two_subscribers():
    """One subscriber that records, one that fails until told not to."""
    seen = {"good": [], "flaky": []}
    state = {"fail": True}

    def good(message):
        seen["good"].append(message.key)

    def flaky(message):
        if state["fail"]:
            raise RuntimeError("down for now")
        seen["flaky"].append(message.key)

    subscribe(TOPIC, "tests.good", good)
    subscribe(TOPIC, "tests.flaky", flaky)
    yield seen, state
    unsubscribe("tests.good")
    unsubscribe("tests.flaky")


def test_each_subscriber_is_delivered_and_retried_on_its_own(two_subscribers, tenant_a, in_tenant):
    seen, state = two_subscribers
    with in_tenant(tenant_a):
        outbox_publish([(TOPIC, "event-1", {})])
        assert set(OutboxMessage.objects.filter(key="event-1").values_list(
            "subscriber", flat=True)) == {"tests.good", "tests.flaky"}  # fmt: skip

        outbox_relay(subscribers=["tests.good", "tests.flaky"])
        assert seen == {"good": ["event-1"], "flaky": []}  # the failure blocked nothing
        failed = OutboxMessage.objects.get(key="event-1", subscriber="tests.flaky")
        assert failed.relayed_at is None and "down for now" in failed.last_error

        state["fail"] = False
        OutboxMessage.objects.filter(pk=failed.pk).update(next_attempt_at=None)  # backoff over
        outbox_relay(subscribers=["tests.good", "tests.flaky"])
        assert seen == {"good": ["event-1"], "flaky": ["event-1"]}  # no repeat for the good one


def test_a_subscriber_is_registered_once():
    def deliver(message):
        pass

    subscribe(TOPIC, "tests.once", deliver)
    try:
        with pytest.raises(SubscriptionError, match="registered already"):
            subscribe(TOPIC, "tests.once", lambda message: None)
        with pytest.raises(SubscriptionError, match="already listens"):
            subscribe(TOPIC, "tests.once-again", deliver)
    finally:
        unsubscribe("tests.once")


def test_the_product_registers_its_subscribers_when_apps_are_ready():
    assert [s.name for s in subscribers_of("email.send")] == ["outbox.smtp"]
    assert {s.name for s in subscribers_of("programmes.component_instance.created")} == {
        "scheduling.series",
        "feedback.rounds",
        "arenas.arena",
        "coaching.tracks",
    }
    following = {s.name: s for s in subscribers_of(PEOPLE_CHANGED)}
    assert set(following) == {"programmes.enrolments_follow", "coaching.hand_on"}
    assert all(s.coalesce for s in following.values())


def test_a_burst_of_people_changes_is_followed_once(world, in_tenant, monkeypatch):
    """Fifty changes publish fifty messages; the coalescing subscriber runs once."""
    from spiral.programs.org.services import person_update
    from spiral.programs.programmes import enrolment

    runs = []
    follow = enrolment.enrolments_follow_organisation
    monkeypatch.setattr(
        enrolment, "enrolments_follow_organisation", lambda: runs.append(1) or follow()
    )
    with in_tenant(world.tenant):
        staff = world.people["staff"]
        for number in range(50):
            person_update(person=staff, is_mentor=number % 2 == 0)
        pending = OutboxMessage.objects.filter(topic=PEOPLE_CHANGED, relayed_at=None)
        assert pending.filter(subscriber="programmes.enrolments_follow").count() == 50
        outbox_relay()
        assert runs == [1] and not pending.exists()


def test_coalescing_never_covers_a_message_held_for_later(tenant_a, in_tenant):
    from datetime import timedelta

    from django.utils import timezone

    from spiral.platform.outbox.services import Publication

    runs = []
    subscribe(TOPIC, "tests.coalescing", lambda message: runs.append(message.key), coalesce=True)
    try:
        with in_tenant(tenant_a):
            later = timezone.now() + timedelta(hours=1)
            outbox_publish([(TOPIC, "now-1", {}), (TOPIC, "now-2", {})])
            outbox_publish([Publication(TOPIC, "held", {}, not_before=later)])
            assert outbox_relay(subscribers=["tests.coalescing"]) == 2
            assert runs == ["now-1"]  # one run stood for both due messages
            held = OutboxMessage.objects.get(key="held", subscriber="tests.coalescing")
            assert held.relayed_at is None  # still waiting for its time
    finally:
        unsubscribe("tests.coalescing")


def test_a_relay_asked_for_an_unknown_subscriber_skips_it(tenant_a, in_tenant):
    with in_tenant(tenant_a):
        assert outbox_relay(subscribers=["retired.subscriber"]) == 0
