import logging
from decimal import Decimal
from http import HTTPStatus

import pytest
from uuid6 import uuid7

from {{ cookiecutter.project_slug }}.orders.models import Order
from {{ cookiecutter.project_slug }}.orders.tests.factories import OrderFactory
from {{ cookiecutter.project_slug }}.payments.models import Payment
from {{ cookiecutter.project_slug }}.users.tests.helpers import error_of

from .webhook import deliver, payment_event

pytestmark = pytest.mark.django_db

TOTAL = Decimal("28.50")


@pytest.fixture
def order():
    return OrderFactory.create(total=TOTAL)


def assert_unchanged(order):
    order.refresh_from_db()
    assert (order.status, order.version) == (Order.Status.PENDING, 1)
    assert not Payment.objects.exists()


def test_a_signed_payment_event_marks_the_order_paid_and_records_it(api_client, order):
    response = deliver(api_client, payment_event(order))

    assert response.status_code == HTTPStatus.CREATED
    order.refresh_from_db()
    assert (order.status, order.version) == (Order.Status.PAID, 2)
    payment = Payment.objects.get()
    assert (payment.provider_event_id, payment.order, payment.amount, payment.currency) == (
        "evt_1",
        order,
        TOTAL,
        "EUR",
    )
    assert response.json() == {
        "id": payment.pk,
        "event": "evt_1",
        "order": str(order.public_id),
        "amount": "28.50",
        "currency": "EUR",
        "received_at": response.json()["received_at"],
    }
    assert payment.received_at is not None


def test_a_replayed_event_answers_200_and_changes_nothing(api_client, order):
    first = deliver(api_client, payment_event(order))

    replay = deliver(api_client, payment_event(order))

    assert replay.status_code == HTTPStatus.OK
    assert replay.json() == first.json()
    assert Payment.objects.count() == 1
    order.refresh_from_db()
    assert (order.status, order.version) == (Order.Status.PAID, 2)


def test_the_integer_key_of_an_order_is_not_an_order_id(api_client, order):
    event = payment_event(order)
    event["data"]["order"] = order.pk

    assert error_of(deliver(api_client, event), HTTPStatus.BAD_REQUEST)["code"] == "invalid"
    assert_unchanged(order)


@pytest.mark.parametrize(
    ("amount", "currency"),
    [("28.49", "EUR"), ("28.51", "EUR"), ("2850", "EUR"), ("28.50", "USD")],
)
def test_an_amount_or_currency_not_the_orders_is_a_400_logged_and_writes_nothing(
    api_client, order, caplog, amount, currency
):
    with caplog.at_level(logging.WARNING):
        response = deliver(api_client, payment_event(order, amount=amount, currency=currency))

    error = error_of(response, HTTPStatus.BAD_REQUEST)
    assert error["code"] == "payment_mismatch"
    assert error["details"] == {"event": "evt_1", "order": str(order.public_id)}
    assert_unchanged(order)
    assert any(
        record.levelno == logging.WARNING and "evt_1" in record.getMessage()
        for record in caplog.records
    )


def test_the_currency_follows_the_setting(api_client, order, settings):
    settings.CURRENCY = "CHF"

    assert deliver(api_client, payment_event(order, currency="EUR")).status_code == (
        HTTPStatus.BAD_REQUEST
    )
    assert deliver(api_client, payment_event(order, currency="CHF")).status_code == (
        HTTPStatus.CREATED
    )


def test_an_event_for_a_cancelled_order_is_a_409_logged_and_writes_nothing(api_client, caplog):
    order = OrderFactory.create(total=TOTAL, status=Order.Status.CANCELLED)

    with caplog.at_level(logging.WARNING):
        response = deliver(api_client, payment_event(order))

    error = error_of(response, HTTPStatus.CONFLICT)
    assert error["code"] == "invalid_transition"
    order.refresh_from_db()
    assert (order.status, order.version) == (Order.Status.CANCELLED, 1)
    assert not Payment.objects.exists()
    assert any(
        record.levelno == logging.WARNING and "evt_1" in record.getMessage()
        for record in caplog.records
    )


def test_a_second_payment_for_a_paid_order_is_a_409_and_not_recorded(api_client, order):
    deliver(api_client, payment_event(order, event_id="evt_1"))

    response = deliver(api_client, payment_event(order, event_id="evt_2"))

    assert error_of(response, HTTPStatus.CONFLICT)["code"] == "invalid_transition"
    assert list(Payment.objects.values_list("provider_event_id", flat=True)) == ["evt_1"]


def test_an_event_for_an_unknown_order_is_a_400(api_client, order):
    event = payment_event(order)
    event["data"]["order"] = str(uuid7())

    response = deliver(api_client, event)

    assert error_of(response, HTTPStatus.BAD_REQUEST)["code"] == "unknown_order"
    assert_unchanged(order)


def test_a_bearer_token_is_not_needed_and_does_not_help(user_client, order):
    response = deliver(user_client, payment_event(order), header="t=1,v1=" + "0" * 64)

    assert error_of(response, HTTPStatus.BAD_REQUEST)["code"] == "invalid_signature"
    assert_unchanged(order)


VALID = {"id": "evt_1", "type": "payment.succeeded"}
MALFORMED_BODIES = {
    "not json": b"{not json",
    "not utf-8": b'{"id": "\xff\xfe"}',
    "empty": b"",
    "a list": b"[]",
    "null": b"null",
    "a string": b'"payment"',
    "nan": b'{"id": "e", "type": "payment.succeeded", "data": {"order": 1, '
    b'"amount": NaN, "currency": "EUR"}}',
    "no data": b'{"id": "evt_1", "type": "payment.succeeded"}',
    "no id": b'{"type": "payment.succeeded", "data": {"order": 1, "amount": "1", '
    b'"currency": "EUR"}}',
    "other type": b'{"id": "e", "type": "payment.failed", "data": {"order": 1, '
    b'"amount": "1", "currency": "EUR"}}',
    "data a string": b'{"id": "e", "type": "payment.succeeded", "data": "x"}',
    "id an object": b'{"id": {"a": 1}, "type": "payment.succeeded", "data": {"order": 1, '
    b'"amount": "1", "currency": "EUR"}}',
    "id with a nul": b'{"id": "e\\u0000", "type": "payment.succeeded", "data": {"order": 1, '
    b'"amount": "1", "currency": "EUR"}}',
    "huge amount": b'{"id": "e", "type": "payment.succeeded", "data": {"order": 1, '
    b'"amount": "1e999999", "currency": "EUR"}}',
    "huge number amount": b'{"id": "e", "type": "payment.succeeded", "data": {"order": 1, '
    b'"amount": 1e999999, "currency": "EUR"}}',
    "huge order": b'{"id": "e", "type": "payment.succeeded", "data": {"order": '
    b'100000000000000000000000000000, "amount": "1", "currency": "EUR"}}',
    "order a list": b'{"id": "e", "type": "payment.succeeded", "data": {"order": [1], '
    b'"amount": "1", "currency": "EUR"}}',
    "order a float": b'{"id": "e", "type": "payment.succeeded", "data": {"order": 1.5, '
    b'"amount": "1", "currency": "EUR"}}',
    "amount a bool": b'{"id": "e", "type": "payment.succeeded", "data": {"order": 1, '
    b'"amount": true, "currency": "EUR"}}',
    "currency a number": b'{"id": "e", "type": "payment.succeeded", "data": {"order": 1, '
    b'"amount": "1", "currency": 978}}',
    "long id": b'{"id": "' + b"e" * 300 + b'", "type": "payment.succeeded", "data": '
    b'{"order": 1, "amount": "1", "currency": "EUR"}}',
}


@pytest.mark.parametrize("body", MALFORMED_BODIES.values(), ids=MALFORMED_BODIES)
def test_a_signed_malformed_body_is_a_400_and_writes_nothing(api_client, order, body):
    response = deliver(api_client, body)

    assert error_of(response, HTTPStatus.BAD_REQUEST)["code"] in {"invalid", "parse_error"}
    assert_unchanged(order)
