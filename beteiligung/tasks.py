"""Operational tasks of the platform itself."""

import socket

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

WORKER_HEARTBEAT_CACHE_KEY = "ops:worker-heartbeat"


@shared_task(ignore_result=False)
def record_worker_heartbeat_task() -> dict:
    """Store when a worker last ran a task, for /readyz. Idempotent: overwrites one cache key."""
    heartbeat = {"worker": socket.gethostname(), "seen_at": timezone.now().isoformat()}
    # Beat runs this every minute; keep it ten minutes so a short beat outage shows as "old".
    cache.set(WORKER_HEARTBEAT_CACHE_KEY, heartbeat, timeout=600)
    return heartbeat
