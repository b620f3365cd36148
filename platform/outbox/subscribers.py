"""Who receives what is published on an outbox topic.

A topic is the contract between subdomains: the publisher knows its name and
payload, not who listens. Any number of subscribers may listen, each under a
name of its own; each gets its own copy of every message (one outbox row per
subscriber), so each is delivered, retried and recorded on its own, and one
that fails neither blocks nor repeats the others.

Subscribers are registered explicitly in their app's ``ready()``, never as a
side effect of importing a module; registering one twice is an error.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spiral.platform.outbox.models import OutboxMessage

Deliver = Callable[["OutboxMessage"], None]


class SubscriptionError(Exception):
    pass


@dataclass(frozen=True)
class Subscriber:
    topic: str
    name: str  # stored with each message: keep it stable
    deliver: Deliver
    # One delivery stands for every message of this subscriber that was pending
    # when it started (for reactions that re-read the current state, such as
    # enrolments following the organisation): a burst of changes, one run.
    coalesce: bool = False


_SUBSCRIBERS: dict[str, Subscriber] = {}


def subscribe(topic: str, name: str, deliver: Deliver, *, coalesce: bool = False) -> None:
    if name in _SUBSCRIBERS:
        raise SubscriptionError(f"A subscriber named {name!r} is registered already.")
    if any(s.topic == topic and s.deliver is deliver for s in _SUBSCRIBERS.values()):
        raise SubscriptionError(f"{deliver.__qualname__} already listens to {topic!r}.")
    _SUBSCRIBERS[name] = Subscriber(topic=topic, name=name, deliver=deliver, coalesce=coalesce)


def unsubscribe(name: str) -> None:
    """For tests that register a subscriber of their own."""
    _SUBSCRIBERS.pop(name, None)


def subscribers_of(topic: str) -> list[Subscriber]:
    return [s for s in _SUBSCRIBERS.values() if s.topic == topic]


def subscriber_named(name: str) -> Subscriber | None:
    return _SUBSCRIBERS.get(name)


def subscriber_names() -> list[str]:
    return list(_SUBSCRIBERS)
