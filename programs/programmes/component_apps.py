"""The base of every component subpackage's app. Kept apart from kinds.py,
which imports models: an apps.py is read before models can be."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import AppConfig


class ComponentAppConfig(AppConfig):
    """When Django is ready, registers the kinds the subpackage's ``kinds.py``
    declares in ``KINDS`` (then, not on import: the registry is complete
    exactly when Django is ready)."""

    def ready(self):
        from spiral.programs.programmes.kinds import register

        for kind in import_module(f"{self.name}.kinds").KINDS:
            register(kind)

    def demo_history(self, world) -> None:
        """This component's part of the demo tenant (``spiral demo``): the
        ``demo_history(world)`` of the subpackage's ``demo.py``, if it has one.
        Called once, when the tenant is first made, after the organisation,
        the programme and its sessions exist and the past ones are held; see
        ``spiral.tenants.demo.world``."""
        module = f"{self.name}.demo"
        if find_spec(module) is not None:
            import_module(module).demo_history(world)
