"""Fixtures shared by every app's tests.

Users come from `{{ cookiecutter.project_slug }}.users.tests.factories.UserFactory` (verified and
active, password `factories.PASSWORD`). Clients authenticate with real JWTs, so tests go
through the same authentication as production requests.
"""

import uuid

import pytest
from django.core.cache.backends.base import BaseCache
from django.db import connection
from rest_framework.test import APIClient

from {{ cookiecutter.project_slug }}.users.tests.factories import UserFactory
from {{ cookiecutter.project_slug }}.users.tokens import refresh_token_for

pytest_plugins = [
    # The requires_service marker: skip, or fail under REQUIRE_SERVICES=1, without the service.
    "{{ cookiecutter.project_slug }}.core.tests.backing_services",
    # The smtp_server fixture: a real mail server the tests stop and start.
    "{{ cookiecutter.project_slug }}.core.tests.smtp",
]


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch):
    """Each test sees an empty cache: throttle counts, login failures and cached product
    pages outlive the rows a test rolls back. Every key gets a prefix of the test's own,
    which hides what earlier tests left where clearing would flush a Redis database others
    may share. It is patched on the class, so the cache objects other threads hold (and
    django-axes keeps) use it too."""
    test_prefix = f"test-{uuid.uuid4().hex}:"
    make_key = BaseCache.make_key

    def make_test_key(self, key, version=None):
        return make_key(self, f"{test_prefix}{key}", version)

    monkeypatch.setattr(BaseCache, "make_key", make_test_key)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database's tables come from the models (`--no-migrations`), so what only
    the migrations install is installed here: pg_trgm, for product search on PostgreSQL."""
    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


@pytest.fixture(scope="session", autouse=True)
def flush_by_delete():
    """Transactional tests (`django_db(transaction=True)`) empty the tables afterwards.
    PostgreSQL's TRUNCATE makes new files for each table and index, about 150 ms for the
    few rows a test leaves; DELETE takes a few. Django's foreign keys are deferred on
    PostgreSQL, so rows may go in any order inside the flush's transaction. Content types
    and permissions stay: the flush's post_migrate signal would write the same rows back."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush
    kept = {"django_content_type", "auth_permission"}

    def delete_rows(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        # The table names are Django's own, quoted.
        quoted = [self.quote_name(table) for table in tables if table not in kept]
        return [f"DELETE FROM {table};" for table in quoted]  # noqa: S608

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", delete_rows)
        yield


@pytest.fixture
def api_client():
    """An anonymous API client."""
    return APIClient()


@pytest.fixture
def user(db):
    """A verified, active, non-staff user."""
    return UserFactory.create()


@pytest.fixture
def staff_user(db):
    return UserFactory.create(staff=True)


@pytest.fixture
def auth_client(db):
    """Make an API client that sends a bearer access token: `auth_client(some_user)`."""

    def make(user):
        client = APIClient()
        access = refresh_token_for(user).access_token
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
        return client

    return make


@pytest.fixture
def user_client(auth_client, user):
    """An API client authenticated as `user`."""
    return auth_client(user)


@pytest.fixture
def staff_client(auth_client, staff_user):
    """An API client authenticated as `staff_user`."""
    return auth_client(staff_user)
