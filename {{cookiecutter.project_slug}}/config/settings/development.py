"""Local development: debug on, mail to the console, .env read when present (base.py)."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, MIDDLEWARE, env
from .features import *  # noqa: F403

# https://docs.djangoproject.com/en/5.2/ref/settings/#debug
DEBUG = env.bool("DEBUG", default=True)

# django-debug-toolbar, a dev dependency: here only, never in test or production settings
# (the image installs no dev dependency). It shows on HTML pages (the admin, the browsable
# API) requested from INTERNAL_IPS.
if DEBUG:
    INSTALLED_APPS = [*INSTALLED_APPS, "debug_toolbar"]
    MIDDLEWARE = ["debug_toolbar.middleware.DebugToolbarMiddleware", *MIDDLEWARE]
    INTERNAL_IPS = ["127.0.0.1"]

# django-migration-linter, a dev dependency: `manage.py lintmigrations` fails on a migration
# that would lock a table or break the running code (configured in pyproject.toml).
INSTALLED_APPS = [*INSTALLED_APPS, "django_migration_linter"]
