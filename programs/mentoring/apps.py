from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "spiral.programs.mentoring"
    label = "mentoring"
    verbose_name = "Mentoring"

    def ready(self):
        # Registered here, not on import: the registry is complete exactly when
        # Django is ready (see programs/programmes/kinds.py).
        from spiral.programs.mentoring.kinds import KINDS
        from spiral.programs.programmes.kinds import register

        for kind in KINDS:
            register(kind)
