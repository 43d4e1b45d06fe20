"""The /healthz and /readyz probes, as a load balancer or orchestrator sees them."""

import pytest
from django.db import connections

from beteiligung import health
from beteiligung.celery import app as celery_app

# Nothing listens on port 1 of the loopback interface: connecting is refused at once.
CLOSED_PORT_REDIS_URL = "redis://127.0.0.1:1/0"


@pytest.fixture
def unreachable_database(monkeypatch):
    """Point the probes at a real database connection that cannot be opened."""
    default = connections["default"]
    settings_dict = {**default.settings_dict}
    if default.vendor == "sqlite":
        settings_dict["NAME"] = "/nonexistent-directory/beteiligung.sqlite3"
    else:
        settings_dict.update(HOST="127.0.0.1", PORT="1")
    broken = type(default)(settings_dict, alias="unreachable")
    monkeypatch.setattr(health, "connection", broken)
    yield broken
    broken.close()


@pytest.fixture
def unreachable_broker(settings):
    """A real broker connection to a closed port, as when Redis is down."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    original = celery_app.conf.broker_url
    celery_app.conf.broker_url = CLOSED_PORT_REDIS_URL
    try:
        yield
    finally:
        celery_app.conf.broker_url = original


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_is_up(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}
    # Probes must never be served from a cache between the balancer and the process.
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_answers_ok_with_database_broker_and_heartbeat_fields(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    # "ok (in-process)" without REDIS_URL, "ok" against a real broker.
    assert body["checks"]["broker"].startswith("ok")
    assert "worker_heartbeat" in body


@pytest.mark.redis
@pytest.mark.django_db
def test_readyz_reaches_the_real_broker(client, settings):
    assert settings.CELERY_TASK_ALWAYS_EAGER is False

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["checks"]["broker"] == "ok"


# django_db lifts pytest-django's block on database access, so the driver really tries to connect.
@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_answer_503_when_the_database_is_unreachable(client, unreachable_database, path):
    response = client.get(path)

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"] == "error: OperationalError"


@pytest.mark.django_db
def test_readyz_answers_503_when_the_broker_is_unreachable(client, unreachable_broker):
    response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["broker"].startswith("error: ")


@pytest.mark.django_db
def test_healthz_ignores_the_broker_so_a_redis_outage_restarts_nothing(client, unreachable_broker):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert "broker" not in response.json()["checks"]


@pytest.mark.django_db
def test_readyz_still_answers_when_the_cache_is_unreachable(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CLOSED_PORT_REDIS_URL,
        }
    }

    response = client.get("/readyz")

    # The heartbeat is information, not a dependency: no 500, no 503 because of it.
    assert response.status_code == 200
    assert response.json()["worker_heartbeat"] is None


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_accept_only_get(client, path):
    assert client.post(path).status_code == 405
