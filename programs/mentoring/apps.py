# The module, not the class: Django picks the one AppConfig class an apps.py defines.
from spiral.programs.programmes import component_apps


class MentoringConfig(component_apps.ComponentAppConfig):
    name = "spiral.programs.mentoring"
    label = "mentoring"
    verbose_name = "Mentoring"
