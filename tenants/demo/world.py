"""What the demo tenant's builder shares with each component's history.

Every installed app whose config has a ``demo_history(world)`` method is
called once, when the demo tenant is first made, in the order of the apps'
labels (``arenas``, ``coaching``, ``feedback``, ``groups``, ``mentoring``...).
Component apps have the method from ``ComponentAppConfig``: it calls the
``demo_history(world)`` of the subpackage's ``demo.py`` when there is one, so a
component adds its history by adding that file; nothing lists components.

By then the organisation, the first-line-manager programme (active, about
three months old) and its sessions exist, and the past sessions are held with
their attendance. A hook writes through its own services, in the builder's
transaction and acting as ``system:demo``; what it sends by email is recorded
as sent with the rest of the past (nothing of it reaches a developer's mail
folder). It draws from ``world.rng``, its own generator derived from the seed
and its app's label: a new component's draws never shift another's, and the
same seed gives the same history.
"""

import hashlib
import random
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime

from django.apps import apps
from django.db.models import QuerySet

from spiral.programs.org.models import ManagementGroup, OrgUnit, Person, WorkGroup
from spiral.programs.programmes.models import Programme
from spiral.programs.sessions.models import Session, SessionSeries
from spiral.tenants.demo.plan import DemoPlan


@dataclass(frozen=True)
class DemoWorld:
    seed: int
    rng: random.Random  # this component's own (``for_component``)
    today: date
    now: datetime
    plan: DemoPlan
    programme: Programme
    units: Mapping[str, OrgUnit]  # by external id (the cost centre code)
    people: Mapping[str, Person]  # by external id (the employee number)

    def for_component(self, label: str) -> "DemoWorld":
        rng = random.Random(f"{self.seed}:{label}")  # noqa: S311 (made-up history)
        return replace(self, rng=rng)

    def with_role(self, role: str) -> list[Person]:
        """Active people with a role flag ("first_line_manager", "coach"...),
        in the order of their external ids."""
        return [
            person
            for _, person in sorted(self.people.items())
            if getattr(person, f"is_{role}") and person.status == Person.Status.ACTIVE
        ]

    def work_groups(self) -> QuerySet[WorkGroup]:
        return WorkGroup.objects.select_related("unit", "leader").order_by("unit__external_id")

    def management_groups(self) -> QuerySet[ManagementGroup]:
        return ManagementGroup.objects.select_related("chair").order_by("name")

    def series(self, kind: str) -> QuerySet[SessionSeries]:
        """The programme's series of a component kind."""
        return SessionSeries.objects.filter(
            kind=kind, component_instance__component__programme=self.programme
        ).order_by("pk")

    def held(self, series: SessionSeries) -> QuerySet[Session]:
        return series.sessions.filter(status=Session.Status.HELD).order_by("starts_at")

    def chance(self, *parts) -> float:
        """A number in [0, 1) fixed by the seed and ``parts``, whatever order
        things are visited in (who attended which session...)."""
        text = "|".join(str(part) for part in (self.seed, *parts))
        digest = hashlib.blake2b(text.encode(), digest_size=8).digest()
        return int.from_bytes(digest) / 2**64


def demo_histories(world: DemoWorld) -> list[str]:
    """Calls every installed app's ``demo_history``, in label order, each with
    a world of its own rng. Returns the labels called."""
    called = []
    for config in sorted(apps.get_app_configs(), key=lambda config: config.label):
        hook = getattr(config, "demo_history", None)
        if callable(hook):
            hook(world.for_component(config.label))
            called.append(config.label)
    return called
