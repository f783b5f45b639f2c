"""Webhook deliveries racing each other. SQLite serialises writers, so these need PostgreSQL."""

from decimal import Decimal
from http import HTTPStatus

import pytest
from rest_framework.test import APIClient

from {{ cookiecutter.project_slug }}.orders.models import Order
from {{ cookiecutter.project_slug }}.orders.tests.factories import OrderFactory
from {{ cookiecutter.project_slug }}.orders.tests.test_concurrency import run_together
from {{ cookiecutter.project_slug }}.payments.models import Payment

from .webhook import deliver, payment_event

pytestmark = [
    pytest.mark.requires_service("postgresql"),
    pytest.mark.django_db(transaction=True),
]

DELIVERIES = 8


def test_one_event_delivered_many_times_at_once_is_recorded_once():
    order = OrderFactory.create(total=Decimal("28.50"))
    event = payment_event(order)

    statuses = run_together([lambda: deliver(APIClient(), event).status_code] * DELIVERIES)

    assert sorted(statuses) == [HTTPStatus.OK] * (DELIVERIES - 1) + [HTTPStatus.CREATED]
    assert Payment.objects.count() == 1
    order.refresh_from_db()
    assert (order.status, order.version) == (Order.Status.PAID, 2)


def test_different_events_racing_for_one_order_pay_it_once():
    order = OrderFactory.create(total=Decimal("28.50"))
    events = [payment_event(order, event_id=f"evt_{n}") for n in range(DELIVERIES)]

    statuses = run_together([lambda e=e: deliver(APIClient(), e).status_code for e in events])

    assert sorted(statuses) == [HTTPStatus.CREATED] + [HTTPStatus.CONFLICT] * (DELIVERIES - 1)
    assert Payment.objects.count() == 1
    order.refresh_from_db()
    assert (order.status, order.version) == (Order.Status.PAID, 2)
