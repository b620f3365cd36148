from django.apps import AppConfig


class WebConfig(AppConfig):
    """The pages' foundation: the layout, the navigation registry, the page
    base classes, the vendored static files, and the URLs of every app's
    ``pages`` module (see spiral.platform.web.nav)."""

    name = "spiral.platform.web"
    label = "web"
    default_auto_field = "django.db.models.BigAutoField"
