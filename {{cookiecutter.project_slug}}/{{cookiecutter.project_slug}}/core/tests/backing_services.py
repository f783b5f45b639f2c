"""`@pytest.mark.requires_service("postgresql")` for tests that need a real backing service.

The services are the ones the settings read from the environment: PostgreSQL through
DATABASE_URL, Redis through REDIS_URL, a broker through CELERY_BROKER_URL. Without one,
its tests are skipped with a reason naming it; with REQUIRE_SERVICES=1 (as in CI) they
fail instead, so a pipeline that lost a service cannot go green by skipping.
"""

import os

import pytest
from django.conf import settings


def _postgresql():
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def _redis():
    return bool(os.environ.get("REDIS_URL"))


def _broker():
    return bool(os.environ.get("CELERY_BROKER_URL"))


# name -> (what it is, how to provide it, whether it is configured)
SERVICES = {
    "postgresql": ("PostgreSQL", "set DATABASE_URL=postgres://...", _postgresql),
    "redis": ("Redis", "set REDIS_URL=redis://...", _redis),
    "broker": ("a Celery broker", "set CELERY_BROKER_URL", _broker),
}


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        f"requires_service(*names): skip unless each service is configured ({', '.join(SERVICES)})",
    )


def pytest_runtest_setup(item):
    for marker in item.iter_markers("requires_service"):
        for name in marker.args:
            label, how, configured = SERVICES[name]
            if configured():
                continue
            reason = f"needs {label}: {how}"
            if os.environ.get("REQUIRE_SERVICES") == "1":
                pytest.fail(f"{reason} (REQUIRE_SERVICES=1 forbids skipping)", pytrace=False)
            pytest.skip(reason)
