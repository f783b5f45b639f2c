"""What production refuses to start with: each refusal is one line naming its setting.

Development backends (mail to the console, a per-process cache, an http frontend, a weak
key) all work, so nothing would notice them in production until the harm is done: mail
links pointing at localhost, verification tokens in the logs, throttle limits multiplied
by the number of workers.
"""

from urllib.parse import urlsplit

from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured

DEVELOPMENT_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}
PER_PROCESS_CACHE_BACKENDS = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


def require_strong_secret_key(secret_key):
    """The same test as Django's security.W009, as a refusal instead of a warning."""
    if len(secret_key) < SECRET_KEY_MIN_LENGTH:
        raise ImproperlyConfigured(
            f"SECRET_KEY must be at least {SECRET_KEY_MIN_LENGTH} characters long."
        )
    if secret_key.startswith(SECRET_KEY_INSECURE_PREFIX):
        raise ImproperlyConfigured(
            f"SECRET_KEY starts with {SECRET_KEY_INSECURE_PREFIX!r}: generate a random one."
        )
    if len(set(secret_key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        raise ImproperlyConfigured(
            f"SECRET_KEY must have at least {SECRET_KEY_MIN_UNIQUE_CHARACTERS} distinct "
            "characters: generate a random one."
        )


def require_sending_email_backend(email_url, email_backend):
    if not email_url:
        raise ImproperlyConfigured("Set the EMAIL_URL environment variable (e.g. smtp+tls://...).")
    if email_backend in DEVELOPMENT_EMAIL_BACKENDS:
        raise ImproperlyConfigured(
            f"EMAIL_URL must name a backend that sends mail (smtp://...), not {email_backend}."
        )


def require_https_url(name, url):
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise ImproperlyConfigured(f"{name} must be an https:// URL, not {url!r}.")


def require_shared_cache(cache_backend):
    if cache_backend in PER_PROCESS_CACHE_BACKENDS:
        raise ImproperlyConfigured(
            "REDIS_URL or CACHE_URL must name a cache shared by every process "
            f"(e.g. redis://...), not {cache_backend}."
        )
