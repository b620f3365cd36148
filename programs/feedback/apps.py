from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "spiral.programs.feedback"
    label = "feedback"
    verbose_name = "Feedback"

    def ready(self):
        # Registered here, not on import: the registry is complete exactly when
        # Django is ready (see programs/programmes/kinds.py).
        from spiral.programs.feedback.kinds import KINDS
        from spiral.programs.programmes.kinds import register

        for kind in KINDS:
            register(kind)
