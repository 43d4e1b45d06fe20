"""Probes for load balancers and orchestrators.

/healthz: the process serves requests and reaches its database (restart it if not).
/readyz: database and broker reachable (send it traffic only then).
Both answer JSON and 503 when a dependency is down.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from beteiligung.celery import app as celery_app
from beteiligung.tasks import WORKER_HEARTBEAT_CACHE_KEY

PROBE_TIMEOUT_SECONDS = 2


def _database_check() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        return f"error: {error.__class__.__name__}"
    return "ok"


def _broker_check() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "ok (in-process)"
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=PROBE_TIMEOUT_SECONDS)
    except Exception as error:
        return f"error: {error.__class__.__name__}"
    return "ok"


def _probe_response(checks: dict[str, str], info: dict | None = None) -> JsonResponse:
    healthy = all(value.startswith("ok") for value in checks.values())
    body = {"status": "ok" if healthy else "error", "checks": checks, **(info or {})}
    return JsonResponse(body, status=200 if healthy else 503)


@never_cache
@require_GET
def healthz(request):
    return _probe_response({"database": _database_check()})


@never_cache
@require_GET
def readyz(request):
    checks = {"database": _database_check(), "broker": _broker_check()}
    try:
        heartbeat = cache.get(WORKER_HEARTBEAT_CACHE_KEY)
    except Exception:
        heartbeat = None
    return _probe_response(checks, {"worker_heartbeat": heartbeat})
