from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class PageLocaleMiddleware(LocaleMiddleware):
    """Pages are Swedish first: Swedish unless the person chose English with the
    switch (the language cookie, also set at sign-in from their saved choice).
    A browser's Accept-Language does not decide a page's language. The API and
    its problem responses keep Django's negotiation (cookie, Accept-Language)."""

    def process_request(self, request):
        if request.path_info.startswith("/api/"):
            return super().process_request(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
