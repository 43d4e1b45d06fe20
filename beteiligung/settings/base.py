"""Settings shared by every environment, read from the environment (see .env.example).

With no configuration the site runs on SQLite with tasks executed in-process; DATABASE_URL and
REDIS_URL switch it to PostgreSQL, a Redis cache and a Celery broker.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "beteiligung.accounts",
    "cms",
    "surveys",
    "ideas",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "allauth",
    "allauth.account",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

# `make bench` adds the submission benchmark's baseline, a plain Wagtail form-builder page
# (beteiligung.bench.models); the site itself has no use for either app.
if env.bool("BENCHMARKS", default=False):
    INSTALLED_APPS += ["beteiligung.bench", "wagtail.contrib.forms"]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "beteiligung.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "beteiligung.api.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "beteiligung.urls"
WSGI_APPLICATION = "beteiligung.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Data -----------------------------------------------------------------------------------

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Reuse connections across requests; 60 s is short enough for PostgreSQL restarts to heal.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
# The cache may live in a Redis database of its own, so that clearing it never touches the
# broker's queues; by default it shares REDIS_URL.
REDIS_CACHE_URL = env.str("REDIS_CACHE_URL", default="") or REDIS_URL

if REDIS_CACHE_URL:
    CACHES = {
        "default": {
            # Reads miss while Redis is unreachable, so pages still render (beteiligung.cache).
            "BACKEND": "beteiligung.cache.FailSoftRedisCache",
            "LOCATION": REDIS_CACHE_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="beteiligung"),
            "TIMEOUT": 300,
            # A Redis that hangs rather than refuses must not hold a request for long.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Whole pages for anonymous visitors (beteiligung.page_cache); 0 switches it off, as in
# development, where an editor wants to see a change at once.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0)

# --- Celery -----------------------------------------------------------------------------------

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
# No broker configured: run tasks in the web process so a fresh machine needs nothing else.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Europe/Berlin"
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {
        "task": "beteiligung.tasks.record_worker_heartbeat_task",
        "schedule": crontab(minute="*"),
    },
    # Recomputes results still marked dirty: a lost task, a Redis restart, a killed worker.
    "results-reconciler": {
        "task": "beteiligung.tasks.reconcile_results_task",
        "schedule": crontab(minute="*"),
    },
}
# Results are recomputed this many seconds after the first submission of a burst; all
# submissions within the window share one recomputation.
RESULTS_COALESCE_SECONDS = env.float("RESULTS_COALESCE_SECONDS", default=2.0)

# --- Accounts ---------------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Resident accounts (allauth) ------------------------------------------------------------

# Residents sign up, log in and reset their password at /konto/ (django-allauth); staff keep
# Wagtail's own login at /admin/login/. A resident's account has no group, no is_staff and so
# no admin access. Social accounts and MFA stay off: e-mail and password only.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_ADAPTER = "beteiligung.accounts.adapter.ResidentAccountAdapter"
ACCOUNT_FORMS = {
    "login": "beteiligung.accounts.forms.ResidentLoginForm",
    "signup": "beteiligung.accounts.forms.ResidentSignupForm",
    "add_email": "beteiligung.accounts.forms.ResidentAddEmailForm",
    "change_password": "beteiligung.accounts.forms.ResidentChangePasswordForm",
    "set_password": "beteiligung.accounts.forms.ResidentSetPasswordForm",
    "reset_password": "beteiligung.accounts.forms.ResidentResetPasswordForm",
    "reset_password_from_key": "beteiligung.accounts.forms.ResidentResetPasswordKeyForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Confirming in the browser that signed up logs in and continues to ?next= (allauth does this
# only within that session, so a leaked link logs nobody in).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
# The user model holds one address: changing it replaces it once the new one is confirmed.
ACCOUNT_CHANGE_EMAIL = True
# A sign-up with a known address, or a reset for an unknown one, looks like any other on screen
# and the address's owner learns the rest by e-mail: the site never tells who has an account.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "website"
# Subjects name the portal themselves (templates/account/email/*_subject.txt).
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Rate limits: allauth's defaults (ACCOUNT_RATE_LIMITS), counted in the cache; e.g. 5 failed
# logins per e-mail address in 5 minutes, 20 sign-ups per minute from one IP address.

# Wagtail pages restricted to "logged-in users" send residents to this login, not Wagtail's.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL

# --- Language ---------------------------------------------------------------------------------

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
# Editorial content is written in German; the interface is German or English.
WAGTAIL_CONTENT_LANGUAGES = [("de", "Deutsch")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("de", "Deutsch"), ("en", "English")]

# --- Static and media -------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Files only their district may read (results reports): never below MEDIA_ROOT, never served
# by the web server, handed out by views that check permissions.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
}

# --- Clients behind proxies ------------------------------------------------------------------

# How many proxies of ours (load balancer, TLS terminator) stand in front of the web process.
# Rate limits tell residents apart by the address these proxies put in X-Forwarded-For; with 0,
# the header is ignored (anyone could forge it) and the connection's address counts.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT  # allauth's own login and sign-up limits

# --- Participation -----------------------------------------------------------------------------

# Per client and minute. Generous for households behind one address (a care home, a library
# PC), tight for scripts; code tries are few so codes cannot be guessed.
SURVEY_SUBMISSIONS_PER_MINUTE = env.int("SURVEY_SUBMISSIONS_PER_MINUTE", default=30)
SURVEY_CODE_TRIES_PER_MINUTE = env.int("SURVEY_CODE_TRIES_PER_MINUTE", default=10)
# Ideas take a while to write: a handful per minute is plenty for a person. Supports, comments
# and reports are quicker, and share one budget.
IDEA_SUBMISSIONS_PER_MINUTE = env.int("IDEA_SUBMISSIONS_PER_MINUTE", default=5)
IDEA_ACTIONS_PER_MINUTE = env.int("IDEA_ACTIONS_PER_MINUTE", default=30)
IDEA_IMAGE_MAX_BYTES = env.int("IDEA_IMAGE_MAX_BYTES", default=8 * 1024 * 1024)

# --- Maps --------------------------------------------------------------------------------------

# Leaflet is served from our own static files; only the map tiles come from this server. Forms
# and lists work without them: the map is an addition to the place field and the idea list.
MAP_TILE_URL = env.str("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env.str(
    "MAP_TILE_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)

# --- E-mail -----------------------------------------------------------------------------------

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="beteiligung@localhost")

# --- Wagtail ----------------------------------------------------------------------------------

WAGTAIL_SITE_NAME = env.str("SITE_NAME", default="Beteiligung im Quartier")
WAGTAILADMIN_BASE_URL = env.str("BASE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        # Used on PostgreSQL: German stemming and stop words ("Quartiere" finds "Quartier").
        "SEARCH_CONFIG": "german",
    }
}
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ALLOW_UNICODE_SLUGS = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Wagtail's in-process search and reference-index tasks log every run at INFO.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

# --- REST API (/api/v1/) --------------------------------------------------------------------

# Tokens only, no session: kiosk apps and city systems post without CSRF, and a browser's
# admin session never authorises an API call by accident.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["beteiligung.api.auth.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PARSER_CLASSES": ["beteiligung.api.parsers.LimitedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "beteiligung.api.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "beteiligung.api.filters.StrictOrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "beteiligung.api.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DATETIME_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": False,
}
API_PAGE_SIZE = 20
API_MAX_PAGE_SIZE = 100
# A survey with 30 long free-text answers stays far below this; anything bigger is refused (413).
API_MAX_BODY_BYTES = env.int("API_MAX_BODY_BYTES", default=256 * 1024)

SPECTACULAR_SETTINGS = {
    "TITLE": "Beteiligung API",
    "DESCRIPTION": (
        "Districts, news, surveys, idea collections and their published results, for city "
        "websites, geo portals, statistics offices and kiosk apps. Public reads need no key; "
        "network members and editors send `Authorization: Bearer <key>` (created under "
        "Verwaltung → API-Zugang) and see only their districts. Errors have one body: "
        "`status`, `code`, `detail` and, for 400, `errors` by field."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "PATH_CONVERTER_OVERRIDES": {
        "id": {"type": "integer", "minimum": 0, "maximum": 10**18 - 1},
    },
    # The order of the groups in /api/docs/: public first, then what needs a key.
    "TAGS": [
        {"name": "Districts", "description": "Districts with coordination and network."},
        {"name": "News", "description": "City-wide and district news."},
        {"name": "Surveys", "description": "Surveys, their questions, and answering them."},
        {"name": "Idea collections", "description": "Ideas, supports and comments."},
        {"name": "Results", "description": "Published results, small groups hidden."},
        {"name": "Open data", "description": "Catalogue and files under an open licence."},
        {"name": "Network: surveys", "description": "With an API key: your surveys."},
        {"name": "Network: idea collections", "description": "With an API key: moderation."},
    ],
    "PREPROCESSING_HOOKS": ["beteiligung.api.schema.preprocess_api_paths"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "beteiligung.api.schema.postprocess_document_errors",
    ],
}

# Open data: the licence every download names (Datenlizenz Deutschland – Namensnennung 2.0).
OPEN_DATA_LICENSE = env.str("OPEN_DATA_LICENSE", default="dl-de/by-2-0")
OPEN_DATA_LICENSE_URL = env.str(
    "OPEN_DATA_LICENSE_URL", default="https://www.govdata.de/dl-de/by-2-0"
)
OPEN_DATA_PUBLISHER = env.str("OPEN_DATA_PUBLISHER", default="")
