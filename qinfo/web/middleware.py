"""Thai first: the page is in Thai unless the user chose English with the language switch.

Django's LocaleMiddleware follows the browser's Accept-Language header, so a phone set to
English would get English pages although the interface is meant to be Thai first. This
middleware, used in its place, takes the language from the cookie set by /i18n/setlang/ (or
from the URL prefix, were there one) and otherwise uses LANGUAGE_CODE (Thai).

API clients are programs, not people with a phone: under /api/ the Accept-Language header is
honoured as usual, so a client can ask for English messages.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ThaiFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        if request.path.startswith("/api/"):
            super().process_request(request)
            return
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
