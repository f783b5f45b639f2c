from decimal import Decimal

import pytest
from django.core import mail

from {{ cookiecutter.project_slug }}.orders.emails import send_order_confirmation

from .factories import OrderFactory, OrderItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(user):
    order = OrderFactory.create(user=user, total=Decimal("25.00"))
    OrderItemFactory.create(
        order=order, product_name="Lamp", sku="LAMP", quantity=2, line_total="25.00"
    )
    return order


def test_confirmation_mails_the_customer_their_items_and_total(order, user):
    assert send_order_confirmation(order_id=order.pk) is True

    [message] = mail.outbox
    assert message.to == [user.email]
    assert message.subject == f"Your order {order.public_id}"
    assert f"Order: {order.public_id}" in message.body
    assert "2 x Lamp (LAMP)" in message.body
    assert "Total: 25.00" in message.body


def test_confirmation_is_sent_once(order):
    send_order_confirmation(order_id=order.pk)

    assert send_order_confirmation(order_id=order.pk) is False

    assert len(mail.outbox) == 1
    order.refresh_from_db()
    assert order.confirmation_sent_at is not None


def test_confirmation_for_a_missing_order_is_quiet():
    assert send_order_confirmation(order_id=987_654) is False
    assert mail.outbox == []
