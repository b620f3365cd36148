"""Who is acting: set once per API request, Celery task or command, read by
every audit record written meanwhile, so services need no extra argument."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass
from typing import Protocol

SYSTEM = "system"


class ActorLike(Protocol):
    """What the request's actor (spiral.programs.org.actors.Actor) provides."""

    user_id: int | None
    person_id: int | None
    client_id: str | None


@dataclass(frozen=True)
class Acting:
    user_id: int | None = None
    person_id: int | None = None
    client_id: str = ""
    label: str = ""


_UNSET = Acting(label=SYSTEM)
# An Acting, or a function that finds the actor when the first event needs it
# (a request's caller is known only once the API view has authenticated it).
_acting: ContextVar[Acting | Callable[[], Acting] | None] = ContextVar(
    "spiral_audit_acting", default=None
)


def current_acting() -> Acting:
    acting = _acting.get() or _UNSET
    return acting() if callable(acting) else acting


def _acting_of(actor: ActorLike | None, label: str | None) -> Acting:
    if actor is None:
        return Acting(label=label or SYSTEM)
    return Acting(user_id=actor.user_id, person_id=actor.person_id, client_id=actor.client_id or "")


def act_as(actor: ActorLike | None = None, *, label: str | None = None) -> Token:
    """Starts acting as a person, a login, an integration or a system label;
    give the token to ``stop_acting``. Prefer ``acting_as`` where a block fits."""
    return _acting.set(_acting_of(actor, label))


@contextmanager
def acting_for(find_actor: Callable[[], ActorLike | None], *, label: str) -> Iterator[None]:
    """Acts as whoever ``find_actor`` names when an event is written (``label``
    when it names nobody), for the length of the block."""
    token = _acting.set(lambda: _acting_of(find_actor(), label))
    try:
        yield
    finally:
        stop_acting(token)


def stop_acting(token: Token) -> None:
    _acting.reset(token)


@contextmanager
def acting_as(actor: ActorLike | None = None, *, label: str | None = None) -> Iterator[Acting]:
    token = act_as(actor, label=label)
    try:
        yield current_acting()
    finally:
        stop_acting(token)
