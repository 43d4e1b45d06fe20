"""A per-client rate limit on the shared cache (Redis in production: atomic INCR).

Clients are told apart by a salted hash of their address, which is never stored. Behind a
load balancer every request comes from the balancer's address; with TRUSTED_PROXY_COUNT set,
the client's address is read from X-Forwarded-For, counting that many entries from the right
(the ones our own proxies appended; the left part is whatever the client sent). If the cache
is unreachable, each web process counts on its own (a memory cache per process): the limit
then holds per process, so a client may get up to (number of processes) × limit through,
but a submission is never refused because Redis is down.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache

logger = logging.getLogger(__name__)

# Used only while the shared cache cannot be reached.
_process_counts = LocMemCache("ratelimit-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})


def client_address(request) -> str:
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def client_fingerprint(request) -> str:
    address = client_address(request)
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]


def rate_limit_exceeded(request, *, scope: str, limit: int, window_seconds: int = 60) -> int:
    """Count one request; returns the seconds to wait when over the limit, else 0."""
    window = int(time.time() // window_seconds)
    key = f"ratelimit:{scope}:{client_fingerprint(request)}:{window}"
    try:
        cache.add(key, 0, timeout=window_seconds + 5)
        count = cache.incr(key)
    except Exception:
        logger.warning("rate limit cache unavailable; %s counted in this process only", scope)
        _process_counts.add(key, 0, timeout=window_seconds + 5)
        count = _process_counts.incr(key)
    if count > limit:
        return window_seconds - int(time.time()) % window_seconds
    return 0
