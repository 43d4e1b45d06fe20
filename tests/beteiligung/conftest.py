"""Real Celery worker processes for integration tests, fed through Redis as in production.

Each worker listens on a queue of its own and writes under a cache key prefix of its own, so a
development worker on the same Redis neither steals these tasks nor sees their cache keys. A
test may SIGKILL a worker and start another on the same queue, as an orchestrator would after a
crash.
"""

import contextlib
import itertools
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.db import connections
from kombu import Connection

from beteiligung.celery import app as celery_app

REPO_ROOT = Path(__file__).resolve().parents[2]
WORKER_START_TIMEOUT = 60
WORKER_STOP_TIMEOUT = 10
# Task ids the worker logs: "Task surveys.tasks.x[<uuid>] received|succeeded|retry: ..."
TASK_ID = re.compile(r"\[([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\]")


def database_url(database: dict) -> str:
    """DATABASE_URL for the test database pytest-django created (test_<name>)."""
    user = quote(database["USER"] or "", safe="")
    password = quote(database["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@"
    host = database["HOST"] or "127.0.0.1"
    port = database["PORT"] or "5432"
    return f"postgres://{credentials}{host}:{port}/{database['NAME']}"


def wait_for(condition, *, timeout: float, interval: float = 0.1):
    """Poll `condition` until it returns something truthy (returned) or `timeout` passes
    (returns the last falsy value). Every wait in these tests is bounded."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


@dataclass
class CeleryWorker:
    """One `celery worker` subprocess and what a test needs to talk to it."""

    queue: str  # also the cache key prefix: one token per group of workers
    redis_url: str  # broker and result backend
    cache_url: str
    log: Path
    process: subprocess.Popen = field(repr=False)

    @property
    def cache_key_prefix(self) -> str:
        return self.queue

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def logged(self, text: str, timeout: float = 10) -> bool:
        # The worker stores a task's result before it logs the success line: allow a moment.
        return bool(wait_for(lambda: text in self.log_text(), timeout=timeout))

    def count(self, text: str) -> int:
        return self.log_text().count(text)

    def wait_until_ready(self) -> None:
        def ready():
            if self.process.poll() is not None:
                pytest.fail(
                    f"Celery worker exited with {self.process.returncode}:\n{self.log_text()}"
                )
            # Celery logs "<nodename> ready." once the consumer listens on its queues.
            return " ready." in self.log_text()

        if not wait_for(ready, timeout=WORKER_START_TIMEOUT, interval=0.2):
            pytest.fail(
                f"Celery worker not ready after {WORKER_START_TIMEOUT} s:\n{self.log_text()}"
            )

    def kill(self) -> None:
        """SIGKILL, as the OOM killer or a lost node does: no warm shutdown, no acks."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=WORKER_STOP_TIMEOUT)

    def stop(self) -> None:
        """Cold shutdown (SIGQUIT), 3 s where a warm one (SIGTERM) takes 6 s: after a test
        nothing is left to finish, and what the worker held is deleted from Redis anyway."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)

    def wait_stopped(self) -> None:
        try:
            self.process.wait(timeout=WORKER_STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.kill()


class CeleryWorkers:
    """Starts workers against the test database and, at the end, stops them and removes what
    they left in Redis. Workers started with the same `queue` share queue and cache prefix."""

    def __init__(self, log_dir: Path):
        self.log_dir = log_dir
        self.workers: list[CeleryWorker] = []
        self._numbers = itertools.count(1)

    def start(
        self,
        *,
        queue: str | None = None,
        redis_url: str | None = None,
        cache_url: str | None = None,
        env: dict | None = None,
        wait: bool = True,
    ) -> CeleryWorker:
        """Start a worker and (unless `wait` is False) wait until it consumes. Without
        arguments it gets a new queue and uses REDIS_URL and this process's cache location."""
        from django.conf import settings

        queue = queue or f"pytest-{uuid.uuid4().hex[:12]}"
        redis_url = redis_url or os.environ["REDIS_URL"]
        # The test settings put the cache eight Redis databases above the broker; name it
        # explicitly so that worker and test process always meet in the same database.
        cache_url = cache_url or settings.CACHES["default"]["LOCATION"]
        number = next(self._numbers)
        log_path = self.log_dir / f"worker-{number}.log"
        process_env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "beteiligung.settings.test",
            "REDIS_URL": redis_url,
            "REDIS_CACHE_URL": cache_url,
            "DATABASE_URL": database_url(connections["default"].settings_dict),
            "CACHE_KEY_PREFIX": queue,
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
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
            f"--queues={queue}",
            f"--hostname={queue}-{number}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=INFO",
        ]
        with log_path.open("w") as log:
            process = subprocess.Popen(
                command, cwd=REPO_ROOT, env=process_env, stdout=log, stderr=subprocess.STDOUT
            )
        worker = CeleryWorker(
            queue=queue, redis_url=redis_url, cache_url=cache_url, log=log_path, process=process
        )
        self.workers.append(worker)
        if wait:
            worker.wait_until_ready()
        return worker

    def stop_all(self) -> None:
        for worker in self.workers:
            worker.stop()
        for worker in self.workers:
            worker.wait_stopped()
            delete_redis_keys_of(worker)


def delete_redis_keys_of(worker: CeleryWorker) -> None:
    """Remove what a worker left in Redis, and nothing else: its queue and bindings, messages
    a killed worker held (they would come back after the visibility timeout), the results of
    the tasks its log names, and the cache keys under its prefix."""
    token = worker.queue
    task_ids = set(TASK_ID.findall(worker.log_text()))
    broker = redis.Redis.from_url(worker.redis_url, socket_connect_timeout=2, socket_timeout=5)
    cache = redis.Redis.from_url(worker.cache_url, socket_connect_timeout=2, socket_timeout=5)
    # A test's private Redis may be gone already; nothing to clean there then.
    with (
        contextlib.suppress(redis.ConnectionError, redis.TimeoutError),
        contextlib.closing(broker),
        contextlib.closing(cache),
    ):
        for key in broker.scan_iter(match=f"*{token}*"):
            broker.delete(key)
        for member in broker.smembers("_kombu.binding.celery.pidbox"):
            if token.encode() in member:
                broker.srem("_kombu.binding.celery.pidbox", member)
        for tag, message in broker.hscan_iter("unacked"):
            if token.encode() in message:
                broker.hdel("unacked", tag)
                broker.zrem("unacked_index", tag)
        for task_id in task_ids:
            broker.delete(f"celery-task-meta-{task_id}")
        for key in cache.scan_iter(match=f"{token}:*"):
            cache.delete(key)


@pytest.fixture
def celery_workers(django_db_setup, tmp_path_factory):
    """Start workers in a test (`celery_workers.start(...)`); all stop when the test ends."""
    workers = CeleryWorkers(tmp_path_factory.mktemp("celery"))
    try:
        yield workers
    finally:
        workers.stop_all()


@pytest.fixture(scope="module")
def celery_worker(django_db_setup, tmp_path_factory):
    """One worker with the test settings for all tests of a module, on a queue of its own."""
    workers = CeleryWorkers(tmp_path_factory.mktemp("celery"))
    try:
        yield workers.start()
    finally:
        workers.stop_all()


def worker_cache(settings, worker: CeleryWorker) -> None:
    """This process reads and writes the Redis cache under the worker's key prefix."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": worker.cache_url,
            "KEY_PREFIX": worker.cache_key_prefix,
        }
    }


def broker_switch(url: str) -> None:
    """Publish this process's tasks to the broker at `url` from now on.

    Setting `conf.broker_url` alone changes nothing once a task was sent: the app keeps its
    connection pool in `app._pool` and the producer pool built on it in
    `app.amqp._producer_pool`, and reads the URL only when it creates them. Dropping both
    makes the next send take the pools for the new URL from kombu's global pool groups, which
    are keyed by broker address. So switching back finds the original pools again, open and
    untouched: closing them (`force_close_all()`) would mark them closed for good, and every
    later send in this process would fail with "Acquire on closed pool"."""
    celery_app.conf.broker_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextlib.contextmanager
def tasks_sent_to(settings, worker: CeleryWorker):
    """Tasks this process enqueues without naming a queue go to `worker`, and both share
    the worker's cache prefix (the pending-task markers of the results pipeline).

    The task code names no queue, so they go to `task_default_queue`; Celery's router reads
    that setting at every send (celery.app.routes.Router.route), unlike `task_routes`, which
    it compiles once into the cached `app.amqp.router`. A worker on the shared default queue
    "celery" could take tasks of a development worker on the same Redis, and the other way
    round; a queue per test cannot."""
    worker_cache(settings, worker)
    previous_queue = celery_app.conf.task_default_queue
    previous_broker = celery_app.conf.broker_url
    if worker.redis_url != previous_broker:
        broker_switch(worker.redis_url)
    celery_app.conf.task_default_queue = worker.queue
    try:
        # Both take effect: the router picks the worker's queue, the producer its Redis.
        route = celery_app.amqp.router.route({}, "surveys.tasks.recompute_survey_results_task")
        assert route["queue"].name == worker.queue
        with celery_app.producer_or_acquire() as producer:
            assert producer.connection.as_uri() == Connection(worker.redis_url).as_uri()
        yield
    finally:
        celery_app.conf.task_default_queue = previous_queue
        if celery_app.conf.broker_url != previous_broker:
            # The test's own Redis is about to go; its pool is never used again.
            celery_app.pool.force_close_all()
            broker_switch(previous_broker)
