"""/api/v1/ (every app's endpoints), /api/schema/ (OpenAPI 3) and /api/docs/ (Swagger UI)."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.exceptions import NotFound

from beteiligung.api import converters  # noqa: F401 - registers <id:…> before the includes


@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@authentication_classes([])
@permission_classes([])
def api_not_found(request, rest=""):
    """Any other /api/ address (also /surveys/abc/ where an id belongs): the API's 404 body,
    not the site's HTML page."""
    raise NotFound()


urlpatterns = [
    path("v1/", include("cms.api.urls")),
    path("v1/", include("surveys.api.urls")),
    path("v1/", include("ideas.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    # [\s\S]: any character, a line break in a path included.
    re_path(r"^(?P<rest>[\s\S]*)\Z", api_not_found),
]
