"""Progress across levels (issue 18): KPIs, milestones, next steps and the
progress reports that put the three levels side by side."""

# The module, not the class: Django picks the one AppConfig class an apps.py defines.
from spiral.programs.programmes import component_apps


class ProgressConfig(component_apps.ComponentAppConfig):
    name = "spiral.programs.progress"
    label = "progress"
    verbose_name = "Progress"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        super().ready()
        from spiral.platform.outbox.subscribers import subscribe
        from spiral.programs.progress import notices
        from spiral.programs.progress.services import TOPIC_READY

        subscribe(TOPIC_READY, "progress.report_ready", notices.report_ready)
