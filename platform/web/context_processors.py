from django.conf import settings

from spiral.platform.web.nav import nav_for


def pages(request) -> dict:
    """What the layout needs on every page: the person's navigation and the
    languages of the switch."""
    return {
        "nav_links": nav_for(request) if hasattr(request, "user") else [],
        "page_languages": settings.LANGUAGES,
    }
