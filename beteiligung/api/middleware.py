"""The API speaks the language the client asks for (Accept-Language: en), German by default.

The site's pages take their language from the URL (/en/…); the API's URLs have no language,
so LocaleMiddleware would always choose German for them.
"""

from django.utils import translation


class ApiLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            language = translation.get_language_from_request(request, check_path=False)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
