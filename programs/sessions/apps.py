from django.apps import AppConfig


class SessionsConfig(AppConfig):
    name = "spiral.programs.sessions"
    label = "scheduling"  # "sessions" is Django's login sessions
    verbose_name = "Sessions"
