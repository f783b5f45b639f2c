"""Local development: debug on, mail to the console, .env read when present (base.py)."""

from .base import *  # noqa: F403
from .base import env
from .features import *  # noqa: F403

# https://docs.djangoproject.com/en/5.2/ref/settings/#debug
DEBUG = env.bool("DEBUG", default=True)
