"""Checkout under real concurrency. SQLite serialises writers, so these need PostgreSQL."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from {{ cookiecutter.project_slug }}.catalog.models import Product
from {{ cookiecutter.project_slug }}.catalog.tests.factories import ProductFactory
from {{ cookiecutter.project_slug }}.core.exceptions import BadRequest
from {{ cookiecutter.project_slug }}.orders.models import Order, OrderItem
from {{ cookiecutter.project_slug }}.orders.services import place_order
from {{ cookiecutter.project_slug }}.users.tests.factories import UserFactory

pytestmark = [
    pytest.mark.requires_service("postgresql"),
    pytest.mark.django_db(transaction=True),
]

THREADS = 12


def run_together(attempts):
    """Start every attempt at the same moment, each on its own thread and connection."""
    barrier = threading.Barrier(len(attempts))

    def run(attempt):
        try:
            barrier.wait(timeout=10)
            return attempt()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(attempts)) as pool:
        return list(pool.map(run, attempts))


def test_the_stock_check_constraint_exists():
    constraints = connection.introspection.get_constraints(
        connection.cursor(), Product._meta.db_table
    )

    assert constraints["catalog_product_stock_non_negative"]["check"]


def test_buyers_racing_for_the_last_units_never_oversell(confirmation_jobs):
    lamp = ProductFactory.create(stock=5)
    buyers = UserFactory.create_batch(THREADS)

    def buy(user):
        def attempt():
            try:
                place_order(user=user, items=[{"product": lamp.pk, "quantity": 1}])
            except BadRequest as exc:
                return exc.get_codes()
            return "ordered"

        return attempt

    outcomes = run_together([buy(user) for user in buyers])

    assert outcomes.count("ordered") == 5
    assert outcomes.count("insufficient_stock") == THREADS - 5
    lamp.refresh_from_db()
    assert lamp.stock == 0
    assert sum(OrderItem.objects.values_list("quantity", flat=True)) == 5


def test_buyers_of_overlapping_products_do_not_deadlock(confirmation_jobs):
    products = ProductFactory.create_batch(3, stock=100)
    buyers = UserFactory.create_batch(THREADS)

    def buy(user, order):
        items = [{"product": product.pk, "quantity": 1} for product in order]

        def attempt():
            place_order(user=user, items=items)
            return "ordered"

        return attempt

    # Half list the products forwards, half backwards: a lock order taken from the
    # request would deadlock here.
    attempts = [
        buy(user, products if n % 2 else list(reversed(products))) for n, user in enumerate(buyers)
    ]
    outcomes = run_together(attempts)

    assert outcomes == ["ordered"] * THREADS
    assert (
        list(Product.objects.order_by("pk").values_list("stock", flat=True)) == [100 - THREADS] * 3
    )


def test_concurrent_replays_of_one_idempotency_key_make_exactly_one_order(confirmation_jobs):
    lamp = ProductFactory.create(stock=100)
    buyer = UserFactory.create()

    def attempt():
        order, created = place_order(
            user=buyer, items=[{"product": lamp.pk, "quantity": 2}], idempotency_key="pay-once"
        )
        return order.pk, created

    outcomes = run_together([attempt] * THREADS)

    order = Order.objects.get()
    assert {order_id for order_id, _ in outcomes} == {order.pk}
    assert [created for _, created in outcomes].count(True) == 1
    lamp.refresh_from_db()
    assert lamp.stock == 98
    assert len(confirmation_jobs.calls) == 1


def test_replays_racing_for_the_last_units_all_get_the_one_order(confirmation_jobs):
    lamp = ProductFactory.create(stock=1)
    buyer = UserFactory.create()

    def attempt():
        order, _ = place_order(
            user=buyer, items=[{"product": lamp.pk, "quantity": 1}], idempotency_key="last-one"
        )
        return order.pk

    outcomes = run_together([attempt] * THREADS)

    assert set(outcomes) == {Order.objects.get().pk}
    lamp.refresh_from_db()
    assert lamp.stock == 0
