"""A database connection lost mid-request answers 503 in the envelope, never a 500."""

from http import HTTPStatus

import pytest
from django.db import close_old_connections, connection, connections

pytestmark = [
    pytest.mark.requires_service("postgresql"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def reconnect_afterwards():
    """The test client skips Django's end-of-request cleanup; leave a fresh connection."""
    yield
    connection.close()


def terminate_this_connection():
    """Kill this test's own database session from a second connection, as a database
    restart or failover does."""
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()


def test_a_terminated_connection_answers_503_with_retry_after(user_client):
    terminate_this_connection()

    response = user_client.get("/api/v1/orders/")

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["error"]["code"] == "service_unavailable"
    assert int(response["Retry-After"]) > 0


def test_the_next_request_reconnects(user_client):
    terminate_this_connection()
    user_client.get("/api/v1/orders/")
    # What the end of every request does outside the test client: drop unusable connections.
    close_old_connections()

    assert user_client.get("/api/v1/orders/").status_code == HTTPStatus.OK
