from django.apps import AppConfig


class SessionsConfig(AppConfig):
    name = "spiral.programs.sessions"
    label = "scheduling"  # "sessions" is Django's login sessions
    verbose_name = "Sessions"

    def ready(self):
        from spiral.programs.sessions import components  # noqa: F401 (registers its handler)
