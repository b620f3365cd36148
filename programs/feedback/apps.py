# The module, not the class: Django picks the one AppConfig class an apps.py defines.
from spiral.programs.programmes import component_apps


class FeedbackConfig(component_apps.ComponentAppConfig):
    name = "spiral.programs.feedback"
    label = "feedback"
    verbose_name = "Feedback"

    def ready(self):
        super().ready()
        from spiral.platform.outbox.subscribers import subscribe
        from spiral.programs.feedback import components
        from spiral.programs.programmes.enrolment import INSTANCE_TOPIC

        # A programme's feedback loop gives each management group a draft round.
        subscribe(INSTANCE_TOPIC, "feedback.rounds", components.round_for_component)
