"""The OpenAPI document's error responses, added where an operation can give them.

Views declare their successes and their domain refusals (409 already answered, 403 closed);
this hook adds what follows from the shape of the operation, so none is forgotten: 400 for
parameters or a body, 404 for an id in the path, 401/403 where a key is needed, 413/415 for a
body, 429 for writes.
"""

from drf_spectacular.utils import OpenApiResponse

from beteiligung.api.serializers import ErrorSerializer

ERROR_REF = {"$ref": "#/components/schemas/Error"}
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "status": {"type": "integer"},
        "code": {"type": "string"},
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["status", "code", "detail"],
}

STANDARD_ERRORS = {
    "400": "Invalid parameters or body; `errors` names each field.",
    "401": "No or an unknown API key.",
    "403": "The key's user may not see or do this (other district, missing permission).",
    "404": "No such object, or not published; on lists, a page beyond the last.",
    "413": "Body larger than the limit.",
    "415": "Body is not JSON.",
    "429": "Too many writes from this client; wait Retry-After seconds.",
}
WRITE_METHODS = {"post", "put", "patch", "delete"}


def refusal(description: str) -> OpenApiResponse:
    """A documented error response of one view (409, 403 …) with the common body."""
    return OpenApiResponse(ErrorSerializer, description=description)


def _needs_key(operation: dict, document: dict) -> bool:
    security = operation.get("security", document.get("security", []))
    return bool(security) and {} not in security


def _error_codes(path: str, method: str, operation: dict, document: dict) -> list[str]:
    codes = []
    if operation.get("parameters") or "requestBody" in operation:
        codes.append("400")
    if _needs_key(operation, document):
        codes += ["401", "403"]
    pages = any(p.get("name") == "page" for p in operation.get("parameters", []))
    if "{" in path or pages:
        codes.append("404")
    if "requestBody" in operation:
        codes += ["413", "415"]
    if method in WRITE_METHODS:
        codes.append("429")
    return codes


def preprocess_api_paths(endpoints):
    """Only /api/v1/ is ours to document; Wagtail's admin API is internal."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


def postprocess_document_errors(result, generator, request, public):
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR_SCHEMA)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":
                    # `?state=` is "no filter" (django-filter, DRF paging), as in HTML forms.
                    parameter["allowEmptyValue"] = True
            responses = operation.setdefault("responses", {})
            for code in _error_codes(path, method, operation, result):
                if code in responses:
                    continue
                responses[code] = {
                    "description": STANDARD_ERRORS[code],
                    "content": {"application/json": {"schema": ERROR_REF}},
                }
                if code == "429":
                    responses[code]["headers"] = {
                        "Retry-After": {
                            "schema": {"type": "integer"},
                            "description": "Seconds until the next write is accepted.",
                        }
                    }
    return result
