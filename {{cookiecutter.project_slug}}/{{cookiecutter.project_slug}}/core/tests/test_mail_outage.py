"""The mail server down during checkouts and registrations, then up again: every request
succeeds, nothing is lost, and each mail goes out exactly once."""

from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from {{ cookiecutter.project_slug }}.catalog.tests.factories import ProductFactory
from {{ cookiecutter.project_slug }}.core import outbox
from {{ cookiecutter.project_slug }}.core.models import OutboxMessage
from {{ cookiecutter.project_slug }}.orders.models import Order
from {{ cookiecutter.project_slug }}.users.models import User
from {{ cookiecutter.project_slug }}.users.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

CHECKOUTS = 3
REGISTRATIONS = 2


@pytest.fixture
def retry_at_once(settings):
    """A failed delivery is due again at once, so the test's sweep picks it up."""
    settings.OUTBOX_RETRY_SECONDS = 0


def deliver_outbox():
    out = StringIO()
    call_command("deliver_outbox", stdout=out)
    return out.getvalue().strip()


def checkout(client, product):
    return client.post("/api/v1/orders/", {"items": [{"product": product.pk, "quantity": 1}]})


def register(client, email):
    return client.post("/api/v1/auth/register/", {"email": email, "password": PASSWORD})


@pytest.mark.usefixtures("retry_at_once")
def test_requests_succeed_while_mail_is_down_and_each_mail_goes_out_once_it_is_up(
    smtp_server, user_client, api_client, user
):
    product = ProductFactory.create(stock=10)

    checkouts = [checkout(user_client, product) for _ in range(CHECKOUTS)]
    emails = [f"new{n}@example.com" for n in range(REGISTRATIONS)]
    registrations = [register(api_client, address) for address in emails]

    assert [r.status_code for r in checkouts] == [HTTPStatus.CREATED] * CHECKOUTS
    assert [r.status_code for r in registrations] == [HTTPStatus.CREATED] * REGISTRATIONS
    assert smtp_server.messages == []
    pending = OutboxMessage.objects.filter(delivered_at__isnull=True, failed_at__isnull=True)
    assert pending.count() == CHECKOUTS + REGISTRATIONS
    assert all(message.last_error for message in pending)

    smtp_server.start()
    report = deliver_outbox()

    assert report == f"Delivered {CHECKOUTS + REGISTRATIONS} outbox message(s), 0 failed."
    for response in checkouts:
        order_id = response.json()["id"]
        [mail] = [m for m in smtp_server.messages if f"order {order_id}" in m["Subject"]]
        assert mail["To"] == user.email
    for address in emails:
        [mail] = smtp_server.sent_to(address)
        assert "token=" in mail.get_payload()
    assert len(smtp_server.messages) == CHECKOUTS + REGISTRATIONS
    assert not Order.objects.filter(confirmation_sent_at__isnull=True).exists()
    assert not User.objects.filter(email__in=emails, verification_email_sent_at=None).exists()

    assert deliver_outbox() == "Delivered 0 outbox message(s), 0 failed."
    assert len(smtp_server.messages) == CHECKOUTS + REGISTRATIONS


def test_a_mail_carries_the_message_id_of_its_outbox_message(smtp_server, user_client):
    smtp_server.start()
    product = ProductFactory.create()

    response = checkout(user_client, product)

    assert response.status_code == HTTPStatus.CREATED
    [mail] = smtp_server.messages
    message = OutboxMessage.objects.get()
    assert message.delivered_at is not None
    assert mail["Message-ID"].startswith(f"<outbox-{message.pk}@")


@pytest.mark.django_db
def test_a_checkout_whose_dispatch_never_ran_is_mailed_by_the_sweep(
    smtp_server, user_client, user, settings, django_capture_on_commit_callbacks
):
    """As when the web process dies between the commit and the dispatch."""
    settings.OUTBOX_SWEEP_GRACE_SECONDS = 0
    smtp_server.start()
    with django_capture_on_commit_callbacks(execute=False):
        response = checkout(user_client, ProductFactory.create())
    assert response.status_code == HTTPStatus.CREATED
    assert smtp_server.messages == []

    assert deliver_outbox() == "Delivered 1 outbox message(s), 0 failed."

    [mail] = smtp_server.messages
    assert f"order {response.json()['id']}" in mail["Subject"]
    assert mail["To"] == user.email
    assert deliver_outbox() == "Delivered 0 outbox message(s), 0 failed."


def deliver_in_thread(message_id, claim_token):
    try:
        return outbox.deliver(message_id, claim_token=claim_token)
    finally:
        connection.close()


@pytest.mark.requires_service("postgresql")
def test_a_delivery_racing_one_in_progress_sends_nothing(smtp_server, user_client):
    """Two deliveries of one message at once (a redelivery, a sweep): one mail."""
    response = checkout(user_client, ProductFactory.create())  # the mail server is still down
    message = OutboxMessage.objects.get()
    smtp_server.accepting.clear()
    smtp_server.start()

    with ThreadPoolExecutor(max_workers=1) as pool:
        first = pool.submit(deliver_in_thread, message.pk, "first")
        assert smtp_server.receiving.wait(timeout=10), "the first delivery never reached DATA"
        second = outbox.deliver(message.pk, claim_token="second")
        smtp_server.accepting.set()

        assert (first.result(timeout=30), second) == (True, None)
    [mail] = smtp_server.messages
    assert f"order {response.json()['id']}" in mail["Subject"]
