"""The one registry of programme component kinds.

A kind (a coaching track, a feedback loop, a climate pulse...) says once, in its
own subpackage, what it is: its level, whether it meets or opens rounds, who
organises it, who gets it, what it asks afterwards and which outbox topics it
reacts to. Everything else (the library, the scheduler, reminders, the API)
reads it from here, so adding a kind touches nothing outside its subpackage.

Kinds register from their app's ``AppConfig.ready()``, explicitly rather than
as an import side effect: the registry is complete exactly when Django is
ready, whatever was imported first.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from django.db import models
from django.utils.translation import gettext_lazy as _

from spiral.platform.outbox.subscribers import subscribe, unsubscribe
from spiral.programs.programmes.models import Audience, Level


class Rhythm(models.TextChoices):
    """What a component's cadence means: the scheduler makes a session series
    only for kinds that meet."""

    MEETINGS = "meetings", _("a session series")
    ROUNDS = "rounds", _("opens rounds: a pulse, an assessment, a feedback round")
    ONCE = "once", _("done once, e.g. matching")


class Organiser(models.TextChoices):
    """Who organises a kind's sessions; the scheduler resolves it to a person."""

    COACH = "coach", _("Coach")
    MENTOR = "mentor", _("Mentor")
    CHAIR = "chair", _("Management-group chair")
    WORK_GROUP_LEADER = "work_group_leader", _("Work-group leader")
    FACILITATOR = "facilitator", _("Facilitator")
    PROGRAMME_OWNER = "programme_owner", _("Programme owner")


class UnknownKindError(LookupError):
    """A kind no subpackage has registered: a typo in the library or a request,
    or an app missing from the settings."""


class DuplicateKindError(ValueError):
    """Two declarations for one key: which one holds would depend on app order."""


@dataclass(frozen=True)
class ComponentKind:
    key: str
    level: Level
    rhythm: Rhythm
    organiser: Organiser
    audience: Audience
    # Written with gettext_noop: translated when sent, in the recipient's language.
    follow_up: str | None = None
    reminders: bool = True
    # Outbox topic -> handler: subscribed, as "<key>:<topic>", when the kind registers.
    handlers: Mapping[str, Callable] = field(default_factory=lambda: MappingProxyType({}))


_KINDS: dict[str, ComponentKind] = {}


def register(kind: ComponentKind) -> ComponentKind:
    """Adds ``kind``; a key registered before raises (strictly, even for an equal
    declaration: a second registration means a second declaration somewhere)."""
    if kind.key in _KINDS:
        raise DuplicateKindError(f"Component kind {kind.key!r} is already registered.")
    _KINDS[kind.key] = kind
    for topic, handler in kind.handlers.items():
        subscribe(topic, f"{kind.key}:{topic}", handler)
    return kind


def unregister(key: str) -> None:
    """For tests that register a kind of their own and must leave none behind."""
    kind = _KINDS.pop(key, None)
    for topic in kind.handlers if kind else ():
        unsubscribe(f"{key}:{topic}")


def kind_of(key: str) -> ComponentKind:
    try:
        return _KINDS[key]
    except KeyError:
        known = ", ".join(sorted(_KINDS)) or "none (are the apps ready?)"
        raise UnknownKindError(
            f"Unknown component kind {key!r}; registered kinds: {known}."
        ) from None


def registered() -> list[ComponentKind]:
    """Every kind, sorted by key, so choices and listings do not depend on the
    order in which apps happened to load."""
    return [_KINDS[key] for key in sorted(_KINDS)]


def derived_fields(kind: str) -> dict[str, str]:
    """The columns a stored component copies from its kind (activation queries
    them), derived on every write so they cannot drift from the registry."""
    declared = kind_of(kind)
    return {"level": declared.level, "audience": declared.audience}
