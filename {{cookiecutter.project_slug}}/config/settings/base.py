"""Settings shared by every environment.

Everything that differs between deployments is read from the environment with
django-environ. With no environment at all the project runs on an embedded
default: SQLite and a local-memory cache.

Each optional feature keeps its settings in its own module beside this one (celery.py,
telemetry.py, api_docs.py), present only in a project generated with it; features.py reads
those present, after these (development.py, production.py and test.py import both).
"""

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent.parent
APPS_DIR = BASE_DIR / "{{ cookiecutter.project_slug }}"

env = environ.Env()
# Reading a file into the environment is an explicit choice: DJANGO_ENV_FILE names one in any
# environment; without it, development and tests read .env when present and production reads
# none, so a production process started in a checkout never takes its development secrets.
# Real environment variables win over the file.
# https://django-environ.readthedocs.io/en/latest/tips.html#multiple-env-files
DOT_ENV_SETTINGS_MODULES = ("config.settings.development", "config.settings.test")
if ENV_FILE := env("DJANGO_ENV_FILE", default=""):
    if not Path(ENV_FILE).is_file():
        raise ImproperlyConfigured(f"DJANGO_ENV_FILE names no readable file: {ENV_FILE}")
    env.read_env(ENV_FILE)
elif (
    os.environ.get("DJANGO_SETTINGS_MODULE") in DOT_ENV_SETTINGS_MODULES
    and (BASE_DIR / ".env").is_file()
):
    env.read_env(BASE_DIR / ".env")

# Core
# https://docs.djangoproject.com/en/5.2/ref/settings/#secret-key
# Without SECRET_KEY a throwaway key is made per process; production requires one. (Not
# env()'s default: django-environ reads a value starting with "$" as the name of another
# variable, and a random key starts with "$" one time in fifty.)
SECRET_KEY = env.str("SECRET_KEY", default="") or get_random_secret_key()
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
ROOT_URLCONF = "config.urls"
# A URL without its trailing slash is a 404 in the error envelope, not a redirect: a client
# following the redirect would resend a POST as a GET, without its body.
# https://docs.djangoproject.com/en/5.2/ref/settings/#append-slash
APPEND_SLASH = False
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# Internationalisation
# https://docs.djangoproject.com/en/5.2/topics/i18n/
LANGUAGE_CODE = "en-us"
TIME_ZONE = "{{ cookiecutter.timezone }}"
USE_I18N = True
USE_TZ = True

# Databases
# https://docs.djangoproject.com/en/5.2/ref/settings/#databases
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches: Redis when CACHE_URL or REDIS_URL is set, local memory otherwise
# https://docs.djangoproject.com/en/5.2/ref/settings/#caches
REDIS_URL = env("REDIS_URL", default="")
CACHES = {"default": env.cache_url("CACHE_URL", default=REDIS_URL or "locmemcache://")}
# Every cache key starts with "<CACHE_KEY_PREFIX>:", so that several deployments (or test
# runs) can share one Redis; a `key_prefix` in CACHE_URL's query does the same.
# https://docs.djangoproject.com/en/5.2/ref/settings/#key-prefix
CACHES["default"]["KEY_PREFIX"] = env(
    "CACHE_KEY_PREFIX", default=CACHES["default"].get("KEY_PREFIX", "")
)
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "{{ cookiecutter.project_slug }}.core.cache.SharedClientRedisCache"

# Applications
# https://docs.djangoproject.com/en/5.2/ref/settings/#installed-apps
DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Trigram lookups for product search on PostgreSQL (nothing on other databases).
    "django.contrib.postgres",
]
THIRD_PARTY_APPS = [
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "axes",
]
LOCAL_APPS = [
    "{{ cookiecutter.project_slug }}.core",
    "{{ cookiecutter.project_slug }}.users",
    "{{ cookiecutter.project_slug }}.catalog",
    "{{ cookiecutter.project_slug }}.orders",
    "{{ cookiecutter.project_slug }}.payments",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

# Middleware
# https://docs.djangoproject.com/en/5.2/topics/http/middleware/
MIDDLEWARE = [
    "{{ cookiecutter.project_slug }}.core.middleware.RequestIdMiddleware",
    # A lost database connection answers 503 with Retry-After, not a 500.
    "{{ cookiecutter.project_slug }}.core.middleware.DatabaseUnavailableMiddleware",
    # Before SecurityMiddleware and CommonMiddleware: probes skip the HTTPS redirect and
    # ALLOWED_HOSTS, which an orchestrator probing the container by IP cannot satisfy.
    "{{ cookiecutter.project_slug }}.core.middleware.HealthProbeMiddleware",
    # Deprecation, Sunset and successor Link headers for the versions in API_DEPRECATIONS.
    "{{ cookiecutter.project_slug }}.core.deprecation.DeprecationMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out admin login into its lockout answer.
    "axes.middleware.AxesMiddleware",
]

# Authentication
# https://docs.djangoproject.com/en/5.2/topics/auth/customizing/
AUTH_USER_MODEL = "users.User"
# django-axes first: it refuses a locked-out login before the password is checked. Only
# django.contrib.auth.authenticate() (the admin login) goes through this list; the API's
# login checks the password with users.selectors.find_user_by_credentials.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# https://docs.djangoproject.com/en/5.2/topics/auth/passwords/#using-argon2-with-django
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Templates
# https://docs.djangoproject.com/en/5.2/ref/settings/#templates
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [APPS_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Static files
# https://docs.djangoproject.com/en/5.2/howto/static-files/
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"

# Email: EMAIL_URL selects the backend (smtp://, consolemail://, filemail://<dir>, ...)
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-email-url
EMAIL_URL = env("EMAIL_URL", default="consolemail://")
email_settings = env.email_url_config(EMAIL_URL)
vars().update(email_settings)
# Named as well, for the settings modules that read it (production refuses some backends).
EMAIL_BACKEND = email_settings["EMAIL_BACKEND"]
if EMAIL_URL.startswith("filemail://"):
    # django-environ drops the leading "/" of the path; filemail://<dir> means <dir> as given.
    EMAIL_FILE_PATH = EMAIL_URL.removeprefix("filemail://").split("?")[0]
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="noreply@{{ cookiecutter.domain_name }}")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds before a silent mail server fails the send (retried by the outbox), never a hang.
# https://docs.djangoproject.com/en/5.2/ref/settings/#email-timeout
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# Where verification links point (a frontend page that posts the token back).
FRONTEND_URL = env("FRONTEND_URL", default="http://localhost:8000")
EMAIL_VERIFICATION_MAX_AGE = timedelta(hours=env.int("EMAIL_VERIFICATION_HOURS", default=48))
# How long a password reset link works (it also stops once a password is set).
# https://docs.djangoproject.com/en/5.2/ref/settings/#password-reset-timeout
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_MINUTES", default=60) * 60

# Outbox: side effects recorded with the change that causes them (core/outbox.py)
# The sweep picks up messages whose after-commit dispatch did not deliver them.
OUTBOX_SWEEP_SECONDS = env.int("OUTBOX_SWEEP_SECONDS", default=60)
# A new message waits this long before the sweep may take it: the after-commit dispatch
# normally delivers it first.
OUTBOX_SWEEP_GRACE_SECONDS = env.int("OUTBOX_SWEEP_GRACE_SECONDS", default=60)
# A failed attempt waits this long, doubling per attempt up to one hour.
OUTBOX_RETRY_SECONDS = env.int("OUTBOX_RETRY_SECONDS", default=30)
# How long a delivery holds its message; longer than any job may run.
OUTBOX_LEASE_SECONDS = env.int("OUTBOX_LEASE_SECONDS", default=120)
# After this many failed attempts a message is marked failed (visible in the admin).
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=10)

# Admin: served under ADMIN_URL (with the trailing slash, without a leading one).
# Production accepts the default: the login lockout below, not the address, protects it.
# https://docs.djangoproject.com/en/5.2/ref/contrib/admin/
ADMIN_URL = env("ADMIN_URL", default="admin/")
if ADMIN_URL.startswith("/") or not ADMIN_URL.endswith("/"):
    raise ImproperlyConfigured("ADMIN_URL must end with '/' and not start with one: 'admin/'.")

# Admin login lockout: django-axes counts failed logins per username and client address
# (as the API throttles see it) in the default cache, and refuses that pair for a while
# https://django-axes.readthedocs.io/en/latest/4_configuration.html
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_CLIENT_IP_CALLABLE = "{{ cookiecutter.project_slug }}.core.login_lockout.client_ip"
# The admin login form's field, though the user model calls it email.
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "{{ cookiecutter.project_slug }}.core.login_lockout.username"
AXES_RESET_ON_SUCCESS = True
# The embedded local-memory cache counts per process, which django-axes warns about; set
# REDIS_URL or CACHE_URL for one count shared by every process.
if CACHES["default"]["BACKEND"].endswith(".LocMemCache"):
    SILENCED_SYSTEM_CHECKS = ["axes.W001"]

# Payments: the currency every order is priced and paid in, and the payment provider's
# webhook (payments.views). Without PAYMENT_WEBHOOK_SECRET a throwaway secret is made per
# process, so nothing verifies by accident; production requires one.
CURRENCY = env("CURRENCY", default="EUR")
PAYMENT_WEBHOOK_SECRET = env.str("PAYMENT_WEBHOOK_SECRET", default="") or get_random_secret_key()
# Seconds a signed event may be early or late before it is refused as a replay.
PAYMENT_WEBHOOK_TOLERANCE = env.int("PAYMENT_WEBHOOK_TOLERANCE", default=300)

# HTTP caching of the anonymous catalogue (catalog.cache, core.conditional)
# Seconds browsers and shared caches may reuse an anonymous product list or product
# (Cache-Control: public, max-age); per-user data is always "private, no-cache".
# https://docs.djangoproject.com/en/5.2/topics/cache/#controlling-cache-using-other-headers
CATALOG_MAX_AGE = env.int("CATALOG_MAX_AGE_SECONDS", default=60)
# Seconds a rendered anonymous product list page stays in the default cache. Every product
# write starts a new catalogue generation, so this only bounds the memory old pages hold.
CATALOG_CACHE_SECONDS = env.int("CATALOG_CACHE_SECONDS", default=300)

# Orders: unpaid orders are cancelled and restocked after this long
ORDER_PENDING_TTL = timedelta(minutes=env.int("ORDER_PENDING_TTL_MINUTES", default=30))

# Django REST framework
# https://www.django-rest-framework.org/api-guide/settings/
THROTTLING_ENABLED = env.bool("THROTTLING_ENABLED", default=True)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework_simplejwt.authentication.JWTAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # DRF's JSON, encoded by orjson (see core/renderers.py).
    "DEFAULT_RENDERER_CLASSES": ["{{ cookiecutter.project_slug }}.core.renderers.ORJSONRenderer"],
    # DRF's JSON parser with a nesting limit (core/parsers.py): deep documents are a 400.
    "DEFAULT_PARSER_CLASSES": ["{{ cookiecutter.project_slug }}.core.parsers.DepthLimitedJSONParser"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        # DRF's OrderingFilter with a tiebreaker, which cursor pagination needs.
        "{{ cookiecutter.project_slug }}.core.filters.CursorOrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "{{ cookiecutter.project_slug }}.core.pagination.CreatedAtCursorPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.URLPathVersioning",
    "DEFAULT_VERSION": "v1",
    "ALLOWED_VERSIONS": ["v1", "v2"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "{{ cookiecutter.project_slug }}.core.exceptions.envelope_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": (
        [
            "{{ cookiecutter.project_slug }}.core.throttles.BurstRateThrottle",
            "{{ cookiecutter.project_slug }}.core.throttles.SustainedRateThrottle",
            "rest_framework.throttling.AnonRateThrottle",
            # Only limits views that set `throttle_scope`, one scope per action.
            "rest_framework.throttling.ScopedRateThrottle",
            # Login attempts per account, beside the per-client "login" scope.
            "{{ cookiecutter.project_slug }}.core.throttles.LoginAccountRateThrottle",
        ]
        if THROTTLING_ENABLED
        else []
    ),
    # Each rate from THROTTLE_RATE_<SCOPE>, e.g. THROTTLE_RATE_LOGIN=10/min.
    "DEFAULT_THROTTLE_RATES": {
        scope: env(f"THROTTLE_RATE_{scope.upper()}", default=rate)
        for scope, rate in {
            "burst": "60/min",
            "sustained": "2000/day",
            "anon": "30/min",
            "register": "5/min",
            "verify_email": "10/min",
            "verify_email_resend": "5/hour",
            "login": "10/min",
            "login_account": "20/hour",
            "refresh": "30/min",
            "password_reset": "5/hour",
            "password_reset_confirm": "10/hour",
            "password_change": "10/hour",
        }.items()
    },
    # How many trusted proxies in front of the app append to X-Forwarded-For: the client is
    # the address the outermost of them saw. 0 here (no proxy: REMOTE_ADDR is the client);
    # production defaults to 1. More than there really are lets any client choose its own
    # address, and so its throttle bucket.
    # https://www.django-rest-framework.org/api-guide/throttling/#how-clients-are-identified
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

# JWT
# https://django-rest-framework-simplejwt.readthedocs.io/en/latest/settings.html
# Short-lived access tokens bound the damage of a leaked one; refresh tokens must expire.
JWT_ACCESS_TOKEN_MINUTES = env.int("JWT_ACCESS_TOKEN_MINUTES", default=10)
JWT_REFRESH_TOKEN_DAYS = env.int("JWT_REFRESH_TOKEN_DAYS", default=7)
if not 5 <= JWT_ACCESS_TOKEN_MINUTES <= 15:
    raise ImproperlyConfigured("JWT_ACCESS_TOKEN_MINUTES must be between 5 and 15.")
if not 1 <= JWT_REFRESH_TOKEN_DAYS <= 14:
    raise ImproperlyConfigured("JWT_REFRESH_TOKEN_DAYS must be between 1 and 14.")
# A used refresh token presented again means a copy is in other hands, and revokes all of
# its user's refresh tokens; a second use this soon after the first is a client retrying.
JWT_REFRESH_REUSE_GRACE = timedelta(seconds=env.int("JWT_REFRESH_REUSE_GRACE_SECONDS", default=10))
# Every refresh rotates the pair and blacklists the used token; the project's refresh
# view does it (users.services.rotate_refresh_token), so simplejwt's ROTATE_* and
# BLACKLIST_AFTER_ROTATION switches would have no effect here.
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=JWT_ACCESS_TOKEN_MINUTES),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=JWT_REFRESH_TOKEN_DAYS),
    "UPDATE_LAST_LOGIN": True,
    "USER_ID_FIELD": "id",
    "USER_ID_CLAIM": "user_id",
}

# API versions on their way out: {"v1": {"deprecation": "<ISO date>", "sunset": "<ISO date>",
# "successor": "<URL>"}}, or a key "<version>:<URL name>" for one route (core/deprecation.py)
# https://www.rfc-editor.org/rfc/rfc9745 https://www.rfc-editor.org/rfc/rfc8594
API_DEPRECATIONS = env.json("API_DEPRECATIONS", default={})

# OpenAPI schema
# https://drf-spectacular.readthedocs.io/en/latest/settings.html
SPECTACULAR_SETTINGS = {
    "TITLE": {{ cookiecutter.project_name | python_string }},
    "DESCRIPTION": {{ cookiecutter.description | python_string }},
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "COMPONENT_SPLIT_REQUEST": True,
}

# Logging: one line per record on stdout
# https://docs.djangoproject.com/en/5.2/topics/logging/
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "{{ cookiecutter.project_slug }}.core.logging.RequestIdFilter"},
    },
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s "
            "client=%(client_address)s] %(message)s",
            "defaults": {"client_address": "-"},
        },
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(client_address)s "
            "%(message)s",
            "defaults": {"client_address": "-"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env("LOG_FORMAT", default="plain"),
            "filters": ["request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}
