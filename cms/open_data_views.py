"""The "Offene Daten" page: what the site publishes as open data, with its files."""

from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from cms.open_data import (
    datasets_by_district,
    open_data_licence,
    open_data_licence_name,
    open_data_publisher,
)


@require_safe
def open_data_page(request):
    """Every open dataset grouped by district (city-wide first), with its CSV and JSON files
    and its page; the catalogue endpoint lists the same datasets (cms.open_data)."""
    return TemplateResponse(
        request,
        "cms/open_data.html",
        {
            "groups": datasets_by_district(request),
            "licence": open_data_licence(),
            "licence_name": open_data_licence_name(),
            "publisher": open_data_publisher(request),
        },
    )
