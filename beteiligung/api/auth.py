"""API keys for network members and editors: `Authorization: Bearer <key>`.

A key acts as its user, so every rule the HTML views apply (page permissions per district,
the raw-export permission) applies to the API unchanged.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import TokenAuthentication


class BearerTokenAuthentication(TokenAuthentication):
    keyword = "Bearer"

    def authenticate_header(self, request):
        # With a WWW-Authenticate header DRF answers 401 rather than 403 to a missing key.
        return 'Bearer realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = BearerTokenAuthentication
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "Key from Verwaltung → API-Zugang. It acts as its user: network members see "
                "and act on their own districts only, Redaktion on every district."
            ),
        }
