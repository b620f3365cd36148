# The module, not the class: Django picks the one AppConfig class an apps.py defines.
from spiral.programs.programmes import component_apps


class FeedbackConfig(component_apps.ComponentAppConfig):
    name = "spiral.programs.feedback"
    label = "feedback"
    verbose_name = "Feedback"
