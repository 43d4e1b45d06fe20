"""Whole pages for anonymous visitors from the cache (Redis in production).

Only what is the same for every visitor is stored: a GET without query string from a
visitor who sends no cookie but the CSRF cookie, answered 200 with HTML that sets no cookie
and is not marked private or no-cache. So a page with a form (it
sets the CSRF cookie), a survey step or an idea page (never_cache) and anything a logged-in
user sees (session cookie) is always rendered fresh.

A participant's browser-id cookie keeps them out of the store too, except on pages whose view
is marked `@same_for_every_participant` (a survey's thank-you page): those are shared between
anonymous visitors whatever participant cookie they bring. After a submission burst that
spares one full page render per submission.

Publishing, unpublishing, moving or deleting a page and editing a district bump a version
number, which empties the page cache at once; everything else (a results recomputation, a
new idea on a district page's list) shows within PAGE_CACHE_SECONDS.
"""

import logging
from functools import wraps

from django.conf import settings
from django.core.cache import cache

from beteiligung.browser_id import BROWSER_COOKIE

logger = logging.getLogger(__name__)

VERSION_KEY = "pagecache:version"
HEADER = "X-Page-Cache"
# Not pages, or never the same for two visitors.
EXCLUDED_PREFIXES = (
    "/admin/",
    "/api/",
    "/konto/",
    "/en/konto/",
    "/dokumente/",
    "/static/",
    "/media/",
    "/healthz",
    "/readyz",
)
SHAREABLE_COOKIES = {"csrftoken"}
# Name a participant, but change nothing on a page marked @same_for_every_participant.
PARTICIPANT_COOKIES = {BROWSER_COOKIE}
ANONYMOUS, PARTICIPANT = "anonymous", "participant"


def same_for_every_participant(view):
    """Mark a view whose page depends on no participant cookie: it may be stored for and
    served to every anonymous visitor, with or without one."""

    @wraps(view)
    def marked(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.same_for_every_participant = True
        return response

    return marked


def page_cache_clear() -> None:
    """Make every stored page stale (one cache write; the old entries expire on their own)."""
    try:
        cache.set(VERSION_KEY, _version() + 1, timeout=None)
    except Exception:  # the cache down: nothing is served from it either
        logger.warning("page cache unavailable; version not bumped")


def _version() -> int:
    return cache.get(VERSION_KEY) or 1


def _visitor(request) -> str | None:
    """ANONYMOUS or PARTICIPANT for a request a stored page may answer, else None."""
    if not (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and not request.path.startswith(EXCLUDED_PREFIXES)
    ):
        return None
    cookies = set(request.COOKIES)
    if cookies <= SHAREABLE_COOKIES:
        return ANONYMOUS
    if cookies <= SHAREABLE_COOKIES | PARTICIPANT_COOKIES:
        return PARTICIPANT
    return None


def _shared_with(visitor: str, response) -> bool:
    return visitor == ANONYMOUS or getattr(response, "same_for_every_participant", False)


def _shareable_response(response) -> bool:
    # "Vary: Cookie" is no obstacle: pages are stored and served only for requests without a
    # session, message or participant cookie, so every such visitor is the same anonymous one.
    cache_control = response.get("Cache-Control", "").lower()
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-cache", "no-store"))
    )


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        visitor = _visitor(request)
        if visitor is None:
            return self.get_response(request)
        host = request.get_host()  # an unknown host is refused (400) before anything else
        try:
            key = f"pagecache:{_version()}:{host}:{request.path}"
            stored = cache.get(key)
        except Exception:
            logger.warning("page cache unavailable; rendering %s", request.path)
            return self.get_response(request)
        if stored is not None and _shared_with(visitor, stored):
            stored[HEADER] = "hit"
            return stored
        response = self.get_response(request)
        if _shareable_response(response) and _shared_with(visitor, response):
            response[HEADER] = "miss"
            try:
                cache.set(key, response, timeout=settings.PAGE_CACHE_SECONDS)
            except Exception:
                logger.warning("page cache unavailable; %s not stored", request.path)
        return response
