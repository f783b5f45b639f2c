"""Test runs: fast hashing, mail kept in memory, no throttling unless a test asks for it."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, REST_FRAMEWORK
from .features import *  # noqa: F403

# https://docs.djangoproject.com/en/5.2/topics/testing/overview/#password-hashing
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# https://docs.djangoproject.com/en/5.2/topics/email/#in-memory-backend
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Tests do not run collectstatic; whitenoise finds files per request instead of at startup.
# https://whitenoise.readthedocs.io/en/stable/django.html#WHITENOISE_AUTOREFRESH
WHITENOISE_AUTOREFRESH = True

# Throttling is exercised explicitly by the throttle tests.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}

# django-migration-linter, a dev dependency: `manage.py lintmigrations` fails on a migration
# that would lock a table or break the running code (configured in pyproject.toml).
INSTALLED_APPS = [*INSTALLED_APPS, "django_migration_linter"]
{%- if cookiecutter.use_celery | enabled %}

# Tasks run in the test process even when CELERY_BROKER_URL names a broker (for the tests
# that need one); the real-worker test switches this off for itself.
# https://docs.celeryq.dev/en/stable/userguide/configuration.html#task-always-eager
CELERY_TASK_ALWAYS_EAGER = True
{%- endif %}
