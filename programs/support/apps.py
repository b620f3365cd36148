"""The organisational support assessment (issue 14, part 2)."""

# The module, not the class: Django picks the one AppConfig class an apps.py defines.
from spiral.programs.programmes import component_apps


class SupportConfig(component_apps.ComponentAppConfig):
    name = "spiral.programs.support"
    label = "support"
    verbose_name = "Support assessment"
