"""A per-client rate limit on the shared cache (Redis in production: atomic INCR).

Clients are told apart by a salted hash of their address, which is never stored. Behind a
load balancer every request comes from the balancer's address; with TRUSTED_PROXY_COUNT set,
the client's address is read from X-Forwarded-For, counting that many entries from the right
(the ones our own proxies appended; the left part is whatever the client sent). If the cache
is unreachable the limit is not enforced: a submission is worth more than the limit.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


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
        logger.warning("rate limit cache unavailable; %s not limited", scope)
        return 0
    if count > limit:
        return window_seconds - int(time.time()) % window_seconds
    return 0
