"""A database connection lost mid-request answers 503 in the envelope, never a 500; one lost
while a mail is sent does not make the outbox send it again."""

import threading
from http import HTTPStatus

import pytest
from django.db import close_old_connections, connection, connections

from {{ cookiecutter.project_slug }}.core import jobs, outbox
from {{ cookiecutter.project_slug }}.orders.emails import send_order_confirmation
from {{ cookiecutter.project_slug }}.orders.tests.factories import OrderFactory

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
    terminate_session(connection.connection.info.backend_pid)


def terminate_session(pid):
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


def test_a_connection_lost_while_a_mail_is_sent_still_records_its_one_delivery(smtp_server):
    order = OrderFactory.create()
    job = jobs.get(jobs.name_of(send_order_confirmation))
    message = outbox.record(job=job, kwargs={"order_id": order.pk})
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    smtp_server.start()
    smtp_server.accepting.clear()

    def terminate_while_the_server_holds_the_mail():
        smtp_server.receiving.wait(10)
        terminate_session(pid)
        smtp_server.accepting.set()

    terminator = threading.Thread(target=terminate_while_the_server_holds_the_mail)
    terminator.start()
    delivered = outbox.deliver(message.pk, claim_token="first")
    terminator.join(10)

    assert delivered is True
    message.refresh_from_db()
    order.refresh_from_db()
    assert message.delivered_at is not None
    assert order.confirmation_sent_at is not None
    assert outbox.deliver(message.pk, claim_token="second") is None
    assert len(smtp_server.messages) == 1
