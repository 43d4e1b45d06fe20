"""Settings for pytest: the development settings with fast password hashing.

DATABASE_URL and REDIS_URL still decide which services the tests run against.
"""

from .dev import *  # noqa: F403
from .dev import env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
# Tests post far more often than a person; the rate-limit tests set their own limits.
SURVEY_SUBMISSIONS_PER_MINUTE = 100_000
SURVEY_CODE_TRIES_PER_MINUTE = 100_000
IDEA_SUBMISSIONS_PER_MINUTE = 100_000
IDEA_ACTIONS_PER_MINUTE = 100_000
# No test may depend on a tile server on the internet.
MAP_TILE_URL = "http://127.0.0.1:9/{z}/{x}/{y}.png"

# Tests clear the cache (rate limits); keep it out of the broker's Redis database so a running
# Celery worker keeps its queues. Eight databases up is free on a default Redis (16).
if REDIS_URL and not env.str("REDIS_CACHE_URL", default=""):  # noqa: F405
    from urllib.parse import urlsplit

    _broker = urlsplit(REDIS_URL)  # noqa: F405
    _cache_db = (int(_broker.path.strip("/") or 0) + 8) % 16
    CACHES["default"]["LOCATION"] = _broker._replace(path=f"/{_cache_db}").geturl()  # noqa: F405
