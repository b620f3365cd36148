from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "spiral.programs.groups"
    label = "groups"
    verbose_name = "Groups"

    def ready(self):
        # Registered here, not on import: the registry is complete exactly when
        # Django is ready (see programs/programmes/kinds.py).
        from spiral.programs.groups.kinds import KINDS
        from spiral.programs.programmes.kinds import register

        for kind in KINDS:
            register(kind)
