"""Production: every secret comes from the environment, and missing ones stop start-up.

The site is served over HTTPS behind a TLS-terminating proxy or load balancer; only the
/healthz and /readyz probes answer plain HTTP from any host (core.middleware).
"""

from .base import *  # noqa: F403
from .base import LOGGING, env

# https://docs.djangoproject.com/en/5.2/ref/settings/#secret-key
SECRET_KEY = env("SECRET_KEY")
# The payment provider's webhook signing secret (payments.signatures)
PAYMENT_WEBHOOK_SECRET = env("PAYMENT_WEBHOOK_SECRET")
# https://docs.djangoproject.com/en/5.2/ref/settings/#allowed-hosts
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
# https://docs.djangoproject.com/en/5.2/ref/settings/#debug
DEBUG = False

# Databases: persistent connections, checked before reuse
# https://docs.djangoproject.com/en/5.2/ref/databases/#persistent-connections
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

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
# https://docs.djangoproject.com/en/5.2/ref/middleware/#http-strict-transport-security
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
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
