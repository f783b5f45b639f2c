"""Production: every secret comes from the environment, and missing ones stop start-up.

Development backends are refused too (config/settings/checks.py), each with one line naming
its setting. No file is read into the environment unless DJANGO_ENV_FILE names one.
The site is served over HTTPS behind a TLS-terminating proxy or load balancer; only the
/healthz and /readyz probes answer plain HTTP from any host (core.middleware).
"""

from .base import *  # noqa: F403
from .base import CACHES, EMAIL_BACKEND, FRONTEND_URL, LOGGING, REST_FRAMEWORK, env
from .checks import (
    require_https_url,
    require_sending_email_backend,
    require_shared_cache,
    require_strong_secret_key,
)
from .features import *  # noqa: F403

# https://docs.djangoproject.com/en/5.2/ref/settings/#secret-key
SECRET_KEY = env("SECRET_KEY")
require_strong_secret_key(SECRET_KEY)
# The payment provider's webhook signing secret (payments.signatures)
PAYMENT_WEBHOOK_SECRET = env("PAYMENT_WEBHOOK_SECRET")
# https://docs.djangoproject.com/en/5.2/ref/settings/#allowed-hosts
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
# https://docs.djangoproject.com/en/5.2/ref/settings/#debug
DEBUG = False

# Databases: persistent connections, checked before reuse (CONN_MAX_AGE); or, with
# DATABASE_POOL_MAX_SIZE set, a psycopg pool per process, each connection checked as it is
# handed out (CONN_HEALTH_CHECKS makes Django give the pool its check). README.md
# ("Database connections") has the measurements behind the default.
# https://docs.djangoproject.com/en/5.2/ref/databases/#persistent-connections
# https://docs.djangoproject.com/en/5.2/ref/databases/#connection-pool
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASE_POOL_MAX_SIZE = env.int("DATABASE_POOL_MAX_SIZE", default=0)
if DATABASE_POOL_MAX_SIZE:
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # Django refuses persistent connections with a pool.
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("DATABASE_POOL_MIN_SIZE", default=1),
        "max_size": DATABASE_POOL_MAX_SIZE,
        # Seconds a request waits for a free connection before it fails.
        "timeout": env.float("DATABASE_POOL_TIMEOUT", default=10.0),
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)

# Email: a backend that really sends; links in it point at an https frontend
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-email-url
require_sending_email_backend(env("EMAIL_URL", default=""), EMAIL_BACKEND)
require_https_url("FRONTEND_URL", FRONTEND_URL)

# Caches: one cache for every worker, or each would keep its own throttle counts
# https://docs.djangoproject.com/en/5.2/topics/cache/#redis
require_shared_cache(CACHES["default"]["BACKEND"])

# Client identity: one TLS-terminating proxy in front, which appends the client's address
# to X-Forwarded-For; set NUM_PROXIES to the number of proxies that do so (base.py).
# https://www.django-rest-framework.org/api-guide/throttling/#how-clients-are-identified
REST_FRAMEWORK = {**REST_FRAMEWORK, "NUM_PROXIES": env.int("NUM_PROXIES", default=1)}

# HTTPS: the proxy terminates TLS and says so in X-Forwarded-Proto
# https://docs.djangoproject.com/en/5.2/ref/settings/#secure-proxy-ssl-header
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Only where nothing serves TLS (the compose stack on http://localhost) is this false;
# the cookies follow it, since a secure cookie never travels over plain HTTP.
# https://docs.djangoproject.com/en/5.2/ref/settings/#secure-ssl-redirect
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# https://docs.djangoproject.com/en/5.2/ref/settings/#session-cookie-secure
SESSION_COOKIE_SECURE = SECURE_SSL_REDIRECT
# https://docs.djangoproject.com/en/5.2/ref/settings/#csrf-cookie-secure
CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT
# Origins allowed to post forms (the admin): scheme and host, e.g. https://api.example.com
# https://docs.djangoproject.com/en/5.2/ref/settings/#csrf-trusted-origins
CSRF_TRUSTED_ORIGINS = env.list(
    "CSRF_TRUSTED_ORIGINS",
    default=[f"https://{host.lstrip('.')}" for host in ALLOWED_HOSTS if host != "*"],
)

# HSTS: browsers refuse plain HTTP for a year. On a new domain, start with a small
# SECURE_HSTS_SECONDS (e.g. 60) and raise it once HTTPS is known to work everywhere.
# Subdomains and preload are opt-in: they bind every other host under the domain, and
# leaving the browsers' preload list takes months.
# https://docs.djangoproject.com/en/5.2/ref/middleware/#http-strict-transport-security
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# `check --deploy` warns about both; left off, they are a choice, not an oversight.
# https://docs.djangoproject.com/en/5.2/ref/settings/#silenced-system-checks
SILENCED_SYSTEM_CHECKS = [
    check
    for check, opted_in in (
        ("security.W005", SECURE_HSTS_INCLUDE_SUBDOMAINS),
        ("security.W021", SECURE_HSTS_PRELOAD),
    )
    if not opted_in
]
SECURE_CONTENT_TYPE_NOSNIFF = True

# Static files: WhiteNoise serves the hashed, compressed files collectstatic wrote
# https://whitenoise.readthedocs.io/en/stable/django.html#add-compression-and-caching-support
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Logging: one JSON object per line on stdout, for the log collector
# https://docs.djangoproject.com/en/5.2/topics/logging/
LOGGING["handlers"]["console"]["formatter"] = env("LOG_FORMAT", default="json")
LOGGING["handlers"]["console"]["stream"] = "ext://sys.stdout"
