"""The component kinds of learning arenas."""

# The module, not the class: Django picks the one AppConfig class an apps.py defines.
from spiral.programs.programmes import component_apps


class ArenasConfig(component_apps.ComponentAppConfig):
    name = "spiral.programs.arenas"
    label = "arenas"
    verbose_name = "Arenas"

    def ready(self):
        super().ready()
        from spiral.platform.outbox.subscribers import subscribe
        from spiral.programs.arenas import services
        from spiral.programs.programmes.enrolment import INSTANCE_TOPIC

        # A programme's learning_arena component gets an arena people can join.
        subscribe(INSTANCE_TOPIC, "arenas.arena", services.arena_for_component)
