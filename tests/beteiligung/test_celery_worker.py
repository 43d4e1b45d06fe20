"""A real Celery worker process, fed through Redis, as in production.

The worker listens on a queue of its own and writes under a cache key prefix of its own, so a
development worker on the same Redis neither steals these tasks nor sees their heartbeat.
"""

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from celery.result import AsyncResult, EagerResult
from django.core.cache import cache
from django.db import connections

from beteiligung.celery import app as celery_app
from beteiligung.tasks import WORKER_HEARTBEAT_CACHE_KEY, record_worker_heartbeat_task

REPO_ROOT = Path(__file__).resolve().parents[2]
WORKER_START_TIMEOUT = 60
TASK_TIMEOUT = 60

pytestmark = [pytest.mark.redis, pytest.mark.postgres]


def _database_url(database: dict) -> str:
    """DATABASE_URL for the test database pytest-django created (test_<name>)."""
    user = quote(database["USER"] or "", safe="")
    password = quote(database["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@"
    host = database["HOST"] or "127.0.0.1"
    port = database["PORT"] or "5432"
    return f"postgres://{credentials}{host}:{port}/{database['NAME']}"


def _wait_until_ready(process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + WORKER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"Celery worker exited with {process.returncode}:\n{log_path.read_text()}")
        # Celery logs "<nodename> ready." once the consumer listens on its queues.
        if " ready." in log_path.read_text():
            return
        time.sleep(0.2)
    pytest.fail(f"Celery worker not ready after {WORKER_START_TIMEOUT} s:\n{log_path.read_text()}")


def _worker_logged(log_path: Path, text: str, timeout: float = 10) -> bool:
    # The worker stores the result before it logs the success line: allow it a moment.
    deadline = time.monotonic() + timeout
    while text not in log_path.read_text():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def _delete_redis_keys_of(token: str) -> None:
    """Remove the broker bookkeeping this module's worker left behind, and nothing else."""
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    try:
        for key in client.scan_iter(match=f"*{token}*"):
            client.delete(key)
        for member in client.smembers("_kombu.binding.celery.pidbox"):
            if token.encode() in member:
                client.srem("_kombu.binding.celery.pidbox", member)
    finally:
        client.close()


@pytest.fixture(scope="module")
def celery_worker(django_db_setup, tmp_path_factory):
    """A `celery worker` subprocess with the test settings, against the test database."""
    token = f"pytest-{uuid.uuid4().hex[:12]}"
    log_path = tmp_path_factory.mktemp("celery") / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "beteiligung.settings.test",
        "REDIS_URL": os.environ["REDIS_URL"],
        "DATABASE_URL": _database_url(connections["default"].settings_dict),
        "CACHE_KEY_PREFIX": token,
        "PYTHONUNBUFFERED": "1",
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "beteiligung",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        f"--queues={token}",
        f"--hostname={token}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel=INFO",
    ]
    with log_path.open("w") as log:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        _wait_until_ready(process, log_path)
        yield {"queue": token, "cache_key_prefix": token, "log": log_path}
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        _delete_redis_keys_of(token)


@pytest.fixture
def shared_cache(settings, celery_worker):
    """The test process reads the Redis cache under the worker's key prefix."""
    location = settings.CACHES["default"]["LOCATION"]  # the worker resolves the same
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": celery_worker["cache_key_prefix"],
        }
    }
    cache.delete(WORKER_HEARTBEAT_CACHE_KEY)
    yield cache
    cache.delete(WORKER_HEARTBEAT_CACHE_KEY)


def _run_heartbeat_on_worker(celery_worker) -> tuple[AsyncResult, dict]:
    result = record_worker_heartbeat_task.apply_async(queue=celery_worker["queue"])
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
    assert _worker_logged(celery_worker["log"], f"[{result.id}] succeeded")
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
