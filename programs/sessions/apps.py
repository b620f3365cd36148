from django.apps import AppConfig


class SessionsConfig(AppConfig):
    name = "spiral.programs.sessions"
    label = "scheduling"  # "sessions" is Django's login sessions
    verbose_name = "Sessions"

    def ready(self):
        from spiral.platform.outbox.subscribers import subscribe
        from spiral.programs.programmes.enrolment import INSTANCE_TOPIC
        from spiral.programs.sessions.components import series_for_component

        subscribe(INSTANCE_TOPIC, "scheduling.series", series_for_component)
