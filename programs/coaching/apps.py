# The module, not the class: Django picks the one AppConfig class an apps.py defines.
from spiral.programs.programmes import component_apps


class CoachingConfig(component_apps.ComponentAppConfig):
    name = "spiral.programs.coaching"
    label = "coaching"
    verbose_name = "Coaching"
