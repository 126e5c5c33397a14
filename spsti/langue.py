"""The interface language: French unless the person chose another one (language menu). The
browser's Accept-Language is ignored on purpose: the product, its vocabulary and its legal
texts are French; English is offered, not imposed by a browser setting."""

from django.conf import settings
from django.utils import translation


class LangueMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        choisie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        langue = choisie if choisie in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(langue)
        request.LANGUAGE_CODE = langue
        reponse = self.get_response(request)
        reponse.headers.setdefault("Content-Language", langue)
        translation.deactivate()
        return reponse
