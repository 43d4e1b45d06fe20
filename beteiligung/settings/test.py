"""Settings for pytest: the development settings with fast password hashing.

DATABASE_URL and REDIS_URL still decide which services the tests run against.
"""

from .dev import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
# Tests post far more often than a person; the rate-limit tests set their own limits.
SURVEY_SUBMISSIONS_PER_MINUTE = 100_000
SURVEY_CODE_TRIES_PER_MINUTE = 100_000
