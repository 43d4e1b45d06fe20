"""One error body for every refusal, and the domain's refusals as API exceptions.

Every 4xx looks alike, so a client needs one code path:
`{"status": 400, "code": "invalid", "detail": "…", "errors": {"field": ["…"]}}`.
`errors` appears on 400 only; 429 carries Retry-After (set by DRF from the throttle's wait).
"""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler

INVALID_DETAIL = _("Die Eingaben sind nicht gültig. Details stehen unter „errors“.")


class Refused(exceptions.APIException):
    """A refusal with its own status and code, e.g. 409 "already_answered"."""

    def __init__(self, detail, *, status_code: int, code: str):
        self.status_code = status_code
        super().__init__(detail=str(detail), code=code)


class AlreadyAnsweredError(Refused):
    def __init__(self, detail):
        super().__init__(detail, status_code=status.HTTP_409_CONFLICT, code="already_answered")


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("Die Anfrage ist zu groß.")
    default_code = "too_large"


def form_errors(form) -> dict[str, list[str]]:
    """A Django form's errors in the API's shape; form-wide errors under "non_field_errors"."""
    return {
        ("non_field_errors" if name == "__all__" else name): [str(message) for message in messages]
        for name, messages in form.errors.items()
    }


def _code(exc) -> str:
    codes = exc.get_codes()
    if isinstance(codes, str):
        return codes
    return {
        exceptions.ValidationError: "invalid",
        exceptions.ParseError: "parse_error",
    }.get(type(exc), "error")


def _field_errors(data, prefix: str = "") -> dict[str, list[str]]:
    """Nested serializer errors flattened to "answers.q1" / "items.0.title" keys, so every
    value is a list of sentences."""
    if isinstance(data, dict):
        flat = {}
        for key, value in data.items():
            flat.update(_field_errors(value, f"{prefix}{key}."))
        return flat
    name = prefix[:-1] or "non_field_errors"
    if isinstance(data, list) and any(isinstance(item, (dict, list)) for item in data):
        flat = {}
        for index, item in enumerate(data):
            if item:
                flat.update(_field_errors(item, f"{name}.{index}."))
        return flat
    messages = data if isinstance(data, list) else [data]
    return {name: [str(message) for message in messages]}


def api_exception_handler(exc, context):
    """DRF's handler (404, 403, 401, 405, 429 and validation), then our one body shape."""
    response = exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: a 500 that Django logs, never a 4xx in disguise
    if isinstance(exc, exceptions.ValidationError):
        body = {
            "status": response.status_code,
            "code": "invalid",
            "detail": str(INVALID_DETAIL),
            "errors": _field_errors(response.data),
        }
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        code = _code(exc) if isinstance(exc, exceptions.APIException) else "error"
        if response.status_code == 404:
            code = "not_found"
            if isinstance(exc, Http404) and "matches the given query" in str(detail):
                # get_object_or_404's sentence names a model class, in English.
                detail = exceptions.NotFound.default_detail
        elif response.status_code == 403 and code == "permission_denied":
            code = "forbidden"
        body = {"status": response.status_code, "code": code, "detail": str(detail)}
    response.data = body
    return response
