"""The site's answer to an unexpected error: 503 with Retry-After when the database cannot be
reached (a restart, a failover: it passes), 500 otherwise. Pages get a static HTML page that
needs neither the database nor the cache; the API gets its JSON error body. No stack trace
ever reaches the visitor (DEBUG is off in production)."""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 30


def _database_unreachable(error: BaseException | None) -> bool:
    # OperationalError covers "connection refused" and "server closed the connection";
    # InterfaceError a connection object that is already closed. A failing query is neither.
    return isinstance(error, (OperationalError, InterfaceError)) or (
        isinstance(error, DatabaseError) and "connection" in str(error).lower()
    )


def server_error(request):
    """handler500: Django calls it inside its `except` block, so the error is at hand."""
    unavailable = _database_unreachable(sys.exc_info()[1])
    status = 503 if unavailable else 500
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {
                "status": status,
                "code": "unavailable" if unavailable else "server_error",
                "detail": (
                    _(
                        "Der Dienst ist vorübergehend nicht erreichbar. "
                        "Bitte später erneut versuchen."
                    )
                    if unavailable
                    else _("Ein Fehler ist aufgetreten.")
                ),
            },
            status=status,
        )
    else:
        template = "503.html" if unavailable else "500.html"
        response = HttpResponse(loader.render_to_string(template), status=status)
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
