from django.conf import settings
from django.utils import translation


class PageLanguageMiddleware:
    """Pages are Swedish first: Swedish unless the person chose English with the
    switch (the language cookie, also set at sign-in from their saved choice).
    A browser's Accept-Language does not decide a page's language.

    After routing, so it speaks only for a tenant's pages: the API, and the
    problem answers of routing (an unknown host), keep Django's negotiation
    (LocaleMiddleware: cookie, then Accept-Language)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        if not request.path_info.startswith("/api/"):
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            translation.activate(chosen if chosen in self.supported else settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
