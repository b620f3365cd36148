"""The base of every component subpackage's app. Kept apart from kinds.py,
which imports models: an apps.py is read before models can be."""

from importlib import import_module

from django.apps import AppConfig


class ComponentAppConfig(AppConfig):
    """When Django is ready, registers the kinds the subpackage's ``kinds.py``
    declares in ``KINDS`` (then, not on import: the registry is complete
    exactly when Django is ready)."""

    def ready(self):
        from spiral.programs.programmes.kinds import register

        for kind in import_module(f"{self.name}.kinds").KINDS:
            register(kind)
