import json
import time
from http import HTTPStatus

import pytest

from config.settings import base
from {{ cookiecutter.project_slug }}.orders.models import Order
from {{ cookiecutter.project_slug }}.orders.tests.factories import OrderFactory
from {{ cookiecutter.project_slug }}.payments.models import Payment
from {{ cookiecutter.project_slug }}.payments.signatures import sign
from {{ cookiecutter.project_slug }}.users.tests.helpers import error_of

from .webhook import SECRET, deliver, payment_event, signature

pytestmark = pytest.mark.django_db


@pytest.fixture
def order():
    return OrderFactory.create(total="28.50")


@pytest.fixture
def payload(order):
    return json.dumps(payment_event(order)).encode()


def assert_refused(response, order):
    assert error_of(response, HTTPStatus.BAD_REQUEST)["code"] == "invalid_signature"
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING
    assert not Payment.objects.exists()


def test_a_missing_signature_is_refused(api_client, order, payload):
    response = api_client.post(
        "/api/v1/payments/webhook/", payload, content_type="application/json"
    )

    assert_refused(response, order)


def test_a_signature_made_with_another_secret_is_refused(api_client, order, payload):
    response = deliver(api_client, payload, header=signature(payload, secret="not-the-secret"))

    assert_refused(response, order)


def test_a_body_changed_after_signing_is_refused(api_client, order, payload):
    header = signature(payload)
    tampered = payload.replace(b"28.50", b"0.01")

    assert_refused(deliver(api_client, tampered, header=header), order)


def test_the_timestamp_is_part_of_what_is_signed(api_client, order, payload):
    now = int(time.time())
    digest = sign(payload=payload, secret=SECRET, timestamp=now - 10)

    assert_refused(deliver(api_client, payload, header=f"t={now},v1={digest}"), order)


# A minute beyond the 300 s tolerance either way: a slow run cannot bring a future
# timestamp back inside it before the request is checked.
@pytest.mark.parametrize("offset", [-360, 360, -86_400])
def test_a_timestamp_outside_the_tolerance_is_refused(api_client, order, payload, offset):
    header = signature(payload, timestamp=int(time.time()) + offset)

    assert_refused(deliver(api_client, payload, header=header), order)


def test_the_tolerance_follows_the_setting(api_client, order, payload, settings):
    settings.PAYMENT_WEBHOOK_TOLERANCE = 3600
    header = signature(payload, timestamp=int(time.time()) - 1800)

    assert deliver(api_client, payload, header=header).status_code == HTTPStatus.CREATED


def test_any_of_several_signatures_may_match_while_the_secret_is_rotated(
    api_client, order, payload
):
    now = int(time.time())
    old = sign(payload=payload, secret="the-old-secret", timestamp=now)
    current = sign(payload=payload, secret=SECRET, timestamp=now)

    response = deliver(api_client, payload, header=f"t={now},v1={old},v1={current}")

    assert response.status_code == HTTPStatus.CREATED


def test_without_a_configured_secret_nothing_verifies(api_client, order, payload, settings):
    # Base settings make a random secret per process when PAYMENT_WEBHOOK_SECRET is unset.
    settings.PAYMENT_WEBHOOK_SECRET = base.PAYMENT_WEBHOOK_SECRET

    assert base.PAYMENT_WEBHOOK_SECRET not in {"", SECRET}
    assert_refused(deliver(api_client, payload), order)


@pytest.mark.parametrize(
    "header",
    [
        "",
        "garbage",
        "t=,v1=",
        "v1=" + "0" * 64,
        "t=1700000000",
        "t=abc,v1=" + "0" * 64,
        "t=1e9,v1=" + "0" * 64,
        "t=-5,v1=" + "0" * 64,
        "t=" + "9" * 5000 + ",v1=" + "0" * 64,
        "t=1,t=2,v1=" + "0" * 64,
        "t=1700000000,v1=ZZ",
        "t=1700000000,v1=\u00e9" * 3,
        "t=1700000000,v0=" + "0" * 64,
    ],
)
def test_a_malformed_signature_header_is_refused(api_client, order, payload, header):
    assert_refused(deliver(api_client, payload, header=header), order)
