"""The organisational support assessment (issue 14, part 2)."""

# The module, not the class: Django picks the one AppConfig class an apps.py defines.
from spiral.programs.programmes import component_apps


class SupportConfig(component_apps.ComponentAppConfig):
    name = "spiral.programs.support"
    label = "support"
    verbose_name = "Support assessment"

    def ready(self):
        super().ready()
        from spiral.platform.outbox.subscribers import subscribe
        from spiral.programs.support import notices
        from spiral.programs.support.services import TOPIC_DUE, TOPIC_OPENED

        subscribe(TOPIC_OPENED, "support.invitations", notices.round_opened)
        subscribe(TOPIC_DUE, "support.reminders", notices.round_due)
