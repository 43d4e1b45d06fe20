"""File downloads in the API (CSV, XLSX): the file whatever the client accepts, and their
schema: the file's media type for 200, the JSON error body otherwise."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.negotiation import BaseContentNegotiation

from beteiligung.tabular import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE

MEDIA_TYPES = {"csv": CSV_CONTENT_TYPE.split(";")[0], "xlsx": XLSX_CONTENT_TYPE}


class FileDownloadNegotiation(BaseContentNegotiation):
    """A download is its file whatever the client accepts: neither `Accept` nor `?format=`
    turns it into a 406 or a 404. Errors keep the JSON body (the view's first renderer)."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def download_schema(
    file_format: str, *, tags: list[str], summary: str, description: str, operation_id: str
):
    """The schema of a download: the file's media type for 200, the JSON errors as usual."""
    return extend_schema(
        tags=tags,
        summary=summary,
        description=description,
        operation_id=operation_id,
        responses={
            (200, MEDIA_TYPES[file_format]): OpenApiResponse(
                OpenApiTypes.BINARY,
                description=(
                    "The file as an attachment (Content-Disposition with its name); CSV in the "
                    "German spreadsheet dialect: semicolons, decimal comma, UTF-8 with BOM."
                    if file_format == "csv"
                    else "The file as an attachment (Content-Disposition with its name)."
                ),
            )
        },
    )
