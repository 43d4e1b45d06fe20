"""Rate limits for the API's writes, on the same per-client budget as the web forms
(beteiligung.ratelimit): a client cannot double its budget by switching to the API."""

from django.conf import settings
from rest_framework.permissions import SAFE_METHODS
from rest_framework.throttling import BaseThrottle

from beteiligung.ratelimit import rate_limit_exceeded


class WriteRateThrottle(BaseThrottle):
    """Counts POST/PUT/PATCH/DELETE of a view against `view.rate_limit` = (scope, setting
    name); reads pass. A refusal is 429 with Retry-After in seconds."""

    def allow_request(self, request, view):
        self.wait_seconds = 0
        if request.method in SAFE_METHODS:
            return True
        scope, setting = view.rate_limit
        self.wait_seconds = rate_limit_exceeded(
            request, scope=scope, limit=getattr(settings, setting)
        )
        return not self.wait_seconds

    def wait(self):
        return self.wait_seconds or None
