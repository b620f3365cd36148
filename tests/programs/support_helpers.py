"""A running programme with a support assessment round open, and managers to
answer it: the world's manager (Norr) and ``extra`` first-line managers per unit."""

from types import SimpleNamespace

from django_tenants.utils import schema_context

from spiral.programs.programmes.models import ComponentInstance
from spiral.programs.support.services import support_round_open
from tests.factories import PersonFactory
from tests.world import running_programme

RATINGS = {"administrative": 4, "trust": 3, "rules": 2, "mandate": 5, "quality": 3}


def support_setup(world, extra=None):
    extra = {"e1": 4, "e2": 1} if extra is None else extra
    with schema_context(world.tenant.schema_name):
        managers = {
            unit: [
                PersonFactory(unit=world.units[unit], is_first_line_manager=True)
                for _ in range(count)
            ]
            for unit, count in extra.items()
        }
    programme = running_programme(world)
    with schema_context(world.tenant.schema_name):
        instance = ComponentInstance.objects.get(
            component__programme=programme, component__kind="support_assessment"
        )
        support_round = support_round_open(instance=instance)
    return SimpleNamespace(
        programme=programme, instance=instance, round=support_round, managers=managers
    )
