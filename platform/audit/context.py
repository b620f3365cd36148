"""Who is acting: set once per API request, Celery task or command, read by
every audit record written meanwhile, so services need no extra argument."""

from collections.abc import Iterator
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
_acting: ContextVar[Acting | None] = ContextVar("spiral_audit_acting", default=None)


def current_acting() -> Acting:
    return _acting.get() or _UNSET


def act_as(actor: ActorLike | None = None, *, label: str | None = None) -> Token:
    """Starts acting as a person, a login, an integration or a system label;
    give the token to ``stop_acting``. Prefer ``acting_as`` where a block fits."""
    if actor is not None:
        acting = Acting(
            user_id=actor.user_id, person_id=actor.person_id, client_id=actor.client_id or ""
        )
    else:
        acting = Acting(label=label or SYSTEM)
    return _acting.set(acting)


def stop_acting(token: Token) -> None:
    _acting.reset(token)


@contextmanager
def acting_as(actor: ActorLike | None = None, *, label: str | None = None) -> Iterator[Acting]:
    token = act_as(actor, label=label)
    try:
        yield current_acting()
    finally:
        stop_acting(token)
