"""Production settings plus the benchmark's URLs and its server-side query counter.

Every contender runs under these same settings, so middleware, logging and database
settings cost all of them alike; they differ only in the views they are served by.
"""

from config.settings.production import *  # noqa: F403
from config.settings.production import CACHES, MIDDLEWARE

# Outermost, so that it sees every query of the request, authentication included.
MIDDLEWARE = ["benchsite.querycount.QueryCountMiddleware", *MIDDLEWARE]
ROOT_URLCONF = "benchsite.urls"

# The Redis database may be shared with other users of the server: the cache and the
# queued confirmation emails keep to their own keys.
CACHES["default"]["KEY_PREFIX"] = "bench"
CELERY_BROKER_TRANSPORT_OPTIONS = {"global_keyprefix": "bench:"}
