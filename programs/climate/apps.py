"""The climate pulse: members of a work group rate its climate, anonymously."""

# The module, not the class: Django picks the one AppConfig class an apps.py defines.
from spiral.programs.programmes import component_apps


class ClimateConfig(component_apps.ComponentAppConfig):
    name = "spiral.programs.climate"
    label = "climate"
    verbose_name = "Climate pulse"
