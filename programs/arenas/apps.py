# The module, not the class: Django picks the one AppConfig class an apps.py defines.
from spiral.programs.programmes import component_apps


class ArenasConfig(component_apps.ComponentAppConfig):
    name = "spiral.programs.arenas"
    label = "arenas"
    verbose_name = "Arenas"
