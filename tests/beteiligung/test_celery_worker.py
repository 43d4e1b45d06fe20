"""A real Celery worker process, fed through Redis, as in production.

The worker (tests/beteiligung/conftest.py) listens on a queue of its own and writes under a
cache key prefix of its own, so a development worker on the same Redis neither steals these
tasks nor sees their heartbeat.
"""

import os
import socket

import pytest
from celery.result import AsyncResult, EagerResult
from django.core.cache import cache

from beteiligung.celery import app as celery_app
from beteiligung.tasks import WORKER_HEARTBEAT_CACHE_KEY, record_worker_heartbeat_task
from tests.beteiligung.conftest import worker_cache

TASK_TIMEOUT = 60

pytestmark = [pytest.mark.redis, pytest.mark.postgres]


@pytest.fixture
def shared_cache(settings, celery_worker):
    """The test process reads the Redis cache under the worker's key prefix."""
    worker_cache(settings, celery_worker)
    cache.delete(WORKER_HEARTBEAT_CACHE_KEY)
    yield cache
    cache.delete(WORKER_HEARTBEAT_CACHE_KEY)


def _run_heartbeat_on_worker(celery_worker) -> tuple[AsyncResult, dict]:
    result = record_worker_heartbeat_task.apply_async(queue=celery_worker.queue)
    try:
        return result, result.get(timeout=TASK_TIMEOUT)
    finally:
        result.forget()


def test_tasks_are_not_run_in_process_when_redis_is_configured(settings):
    # base.py decides this at import from REDIS_URL; the worker tests below rely on it.
    assert settings.CELERY_TASK_ALWAYS_EAGER is False
    assert celery_app.conf.task_always_eager is False
    assert celery_app.conf.broker_url == os.environ["REDIS_URL"]


@pytest.mark.django_db
def test_worker_runs_the_heartbeat_task_and_the_web_process_sees_it(celery_worker, shared_cache):
    assert shared_cache.get(WORKER_HEARTBEAT_CACHE_KEY) is None

    result, heartbeat = _run_heartbeat_on_worker(celery_worker)

    assert not isinstance(result, EagerResult)
    assert heartbeat["worker"] == socket.gethostname()
    # The worker process, not this one, ran it: its log names the task id.
    assert celery_worker.logged(f"[{result.id}] succeeded")
    assert shared_cache.get(WORKER_HEARTBEAT_CACHE_KEY) == heartbeat


@pytest.mark.django_db
def test_readyz_shows_the_heartbeat_after_the_worker_ran(client, celery_worker, shared_cache):
    before = client.get("/readyz").json()
    assert before["worker_heartbeat"] is None

    _, heartbeat = _run_heartbeat_on_worker(celery_worker)

    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["checks"] == {"database": "ok", "broker": "ok"}
    assert body["worker_heartbeat"] == heartbeat
