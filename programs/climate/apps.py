"""The climate pulse: members of a work group rate its climate, anonymously."""

# The module, not the class: Django picks the one AppConfig class an apps.py defines.
from spiral.programs.programmes import component_apps


class ClimateConfig(component_apps.ComponentAppConfig):
    name = "spiral.programs.climate"
    label = "climate"
    verbose_name = "Climate pulse"

    def ready(self):
        super().ready()
        from spiral.platform.outbox.subscribers import subscribe
        from spiral.programs.climate import notices
        from spiral.programs.climate.services import TOPIC_DUE, TOPIC_OPENED

        subscribe(TOPIC_OPENED, "climate.invitations", notices.pulse_opened)
        subscribe(TOPIC_DUE, "climate.reminders", notices.pulse_due)
