from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from {{ cookiecutter.project_slug }}.catalog.models import MAX_STOCK, Product
from {{ cookiecutter.project_slug }}.catalog.tests.factories import ProductFactory
from {{ cookiecutter.project_slug }}.orders.models import Order
from {{ cookiecutter.project_slug }}.orders.services import expire_pending_orders, place_order

pytestmark = pytest.mark.django_db

Status = Order.Status


@pytest.fixture
def lamp():
    return ProductFactory.create(stock=10)


def checkout(user, product, quantity=1, age=timedelta(0)):
    order, _ = place_order(user=user, items=[{"product": product.pk, "quantity": quantity}])
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - age)
    return order


def test_stale_pending_orders_are_cancelled_and_restocked(user, lamp):
    stale = checkout(user, lamp, quantity=3, age=timedelta(hours=2))

    expired = expire_pending_orders(older_than=timedelta(hours=1))

    assert expired == 1
    stale.refresh_from_db()
    assert (stale.status, stale.version) == (Status.CANCELLED, 2)
    lamp.refresh_from_db()
    assert lamp.stock == 10


def test_recent_and_settled_orders_are_left_alone(user, lamp):
    recent = checkout(user, lamp, age=timedelta(minutes=5))
    paid = checkout(user, lamp, age=timedelta(hours=2))
    Order.objects.filter(pk=paid.pk).update(status=Status.PAID)

    expired = expire_pending_orders(older_than=timedelta(hours=1))

    assert expired == 0
    recent.refresh_from_db()
    paid.refresh_from_db()
    assert (recent.status, paid.status) == (Status.PENDING, Status.PAID)
    lamp.refresh_from_db()
    assert lamp.stock == 8


def test_the_command_expires_with_the_given_age(user, lamp):
    checkout(user, lamp, age=timedelta(minutes=20))

    call_command("expire_pending_orders", minutes=10)

    assert Order.objects.get().status == Status.CANCELLED


def test_without_an_age_orders_expire_after_order_pending_ttl(user, lamp, settings):
    settings.ORDER_PENDING_TTL = timedelta(minutes=30)
    stale = checkout(user, lamp, age=timedelta(minutes=31))
    recent = checkout(user, lamp, age=timedelta(minutes=29))

    assert expire_pending_orders() == 1
    assert Order.objects.get(pk=stale.pk).status == Status.CANCELLED
    assert Order.objects.get(pk=recent.pk).status == Status.PENDING


def test_the_command_takes_zero_minutes_as_an_age(user, lamp, settings):
    settings.ORDER_PENDING_TTL = timedelta(hours=1)
    checkout(user, lamp, age=timedelta(seconds=5))

    call_command("expire_pending_orders", minutes=0)

    assert Order.objects.get().status == Status.CANCELLED


def test_an_order_whose_restock_would_pass_the_stock_bound_stays_pending(user, lamp):
    full = ProductFactory.create(stock=10)
    blocked = checkout(user, full, quantity=2, age=timedelta(hours=3))
    stale = checkout(user, lamp, quantity=3, age=timedelta(hours=2))
    Product.objects.filter(pk=full.pk).update(stock=MAX_STOCK - 1)

    expired = expire_pending_orders(older_than=timedelta(hours=1))

    assert expired == 1
    blocked.refresh_from_db()
    stale.refresh_from_db()
    assert (blocked.status, stale.status) == (Status.PENDING, Status.CANCELLED)
    full.refresh_from_db()
    assert full.stock == MAX_STOCK - 1
