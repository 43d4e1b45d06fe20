"""A per-client rate limit on the shared cache (Redis in production: atomic INCR).

Clients are told apart by a salted hash of their address, which is never stored. If the
cache is unreachable the limit is not enforced: a submission is worth more than the limit.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


def client_fingerprint(request) -> str:
    address = request.META.get("REMOTE_ADDR", "")
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
