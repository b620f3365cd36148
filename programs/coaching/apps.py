from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "spiral.programs.coaching"
    label = "coaching"
    verbose_name = "Coaching"

    def ready(self):
        # Registered here, not on import: the registry is complete exactly when
        # Django is ready (see programs/programmes/kinds.py).
        from spiral.programs.coaching.kinds import KINDS
        from spiral.programs.programmes.kinds import register

        for kind in KINDS:
            register(kind)
