from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from beteiligung import health
from cms import open_data_views
from cms import views as cms_views

# A lost database is a 503 with Retry-After, not a 500 (beteiligung.errors).
handler500 = "beteiligung.errors.server_error"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("api/", include("beteiligung.api.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("dokumente/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# German lives at /, English at /en/; the URL alone decides the language, so caches stay simple.
urlpatterns += i18n_patterns(
    path("suche/", cms_views.search, name="search"),
    path("konto/", include("allauth.urls")),
    path("offene-daten/", open_data_views.open_data_page, name="open-data"),
    # The Wagtail catch-all goes last.
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
