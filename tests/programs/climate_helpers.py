"""A running programme whose work group (the world's: its leader is the
manager, the staff member is in it) has a climate pulse open, and ``extra``
more members to answer it."""

from types import SimpleNamespace

from django_tenants.utils import schema_context

from spiral.programs.climate.aspects import ASPECT_KEYS
from spiral.programs.climate.services import climate_pulse_open
from spiral.programs.programmes.models import ComponentInstance
from tests.factories import PersonFactory
from tests.world import running_programme

RATINGS = dict.fromkeys(ASPECT_KEYS, 4) | {"trust_management": 2}


def climate_setup(world, extra=4):
    with schema_context(world.tenant.schema_name):
        members = [PersonFactory(unit=world.units["e1"]) for _ in range(extra)]
        world.work_group.members.add(*members)
    programme = running_programme(world)
    with schema_context(world.tenant.schema_name):
        instance = ComponentInstance.objects.get(
            component__programme=programme, component__kind="climate_pulse",
            work_group=world.work_group,
        )  # fmt: skip
        pulse = climate_pulse_open(instance=instance)
    everyone = [world.people["staff"], world.people["manager"], *members]
    return SimpleNamespace(programme=programme, instance=instance, pulse=pulse, members=everyone)
