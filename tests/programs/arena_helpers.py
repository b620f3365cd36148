"""Arenas for the tests: a standing arena with a monthly series that started
in the past, so that it has held sessions and coming ones."""

from datetime import time, timedelta

from django.utils import timezone

from spiral.programs.arenas.models import Arena
from spiral.programs.arenas.services import arena_create
from tests.factories import PersonFactory


def arena_make(world, *, capacity=3, facilitator="coach", **options) -> Arena:
    """An open arena for everyone (unless ``options`` say otherwise), with a
    weekly series that began five weeks ago, facilitated by ``facilitator``."""
    defaults = dict(
        title="Chefsnätverket", kind=Arena.Kind.MANAGERS_NETWORK, capacity=capacity,
        facilitators=[world.people[facilitator]],
        starts_on=timezone.localdate() - timedelta(weeks=5), start_time=time(9),
        rule="FREQ=WEEKLY;COUNT=10",
    )  # fmt: skip
    return arena_create(**{**defaults, **options})


def people(world, count: int, unit=None) -> list:
    unit = unit or world.units["e2"]
    return [PersonFactory(unit=unit) for _ in range(count)]
