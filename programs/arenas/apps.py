from django.apps import AppConfig


class ArenasConfig(AppConfig):
    name = "spiral.programs.arenas"
    label = "arenas"
    verbose_name = "Arenas"

    def ready(self):
        # Registered here, not on import: the registry is complete exactly when
        # Django is ready (see programs/programmes/kinds.py).
        from spiral.programs.arenas.kinds import KINDS
        from spiral.programs.programmes.kinds import register

        for kind in KINDS:
            register(kind)
