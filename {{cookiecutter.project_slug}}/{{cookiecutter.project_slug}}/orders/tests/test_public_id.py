"""Orders are named by a public, time-ordered id; the integer key stays in the database."""

import uuid
from decimal import Decimal
from http import HTTPStatus
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.db import connection

from {{ cookiecutter.project_slug }}.orders.models import Order

from .factories import OrderFactory, OrderItemFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/orders/"


@pytest.fixture
def order(user):
    order = OrderFactory.create(user=user, total=Decimal("10.00"))
    OrderItemFactory.create(order=order)
    return order


def test_a_new_order_gets_a_version_7_public_id(order):
    assert order.public_id.version == 7


def test_public_ids_follow_the_order_of_creation(user):
    first, second = OrderFactory.create(user=user), OrderFactory.create(user=user)

    assert first.public_id < second.public_id


def test_responses_name_orders_by_public_id_only(user_client, order):
    detail = user_client.get(f"{URL}{order.public_id}/").json()
    [row] = user_client.get(URL).json()["results"]

    assert detail["id"] == row["id"] == str(order.public_id)
    assert "public_id" not in detail
    assert all("id" not in item for item in detail["items"])


def test_the_integer_key_does_not_address_an_order(user_client, order):
    response = user_client.get(f"{URL}{order.pk}/")

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_a_malformed_public_id_is_a_404_in_the_envelope(user_client, order):
    response = user_client.get(f"{URL}{'z' * 32}/")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.json()["error"]["code"] == "not_found"


def test_an_unknown_public_id_is_a_404(user_client, order):
    assert user_client.get(f"{URL}{uuid.uuid4()}/").status_code == HTTPStatus.NOT_FOUND


@pytest.mark.requires_service("postgresql")
def test_the_backfill_gives_orders_without_one_unique_time_ordered_ids(user):
    """The expand/contract backfill (migration 0003), on orders made before the column was:
    the column is made nullable again inside the test's transaction, which rolls it back."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE orders_order ALTER COLUMN public_id DROP NOT NULL")
    orders = [OrderFactory.create(user=user) for _ in range(3)]
    Order.objects.filter(pk__in=[order.pk for order in orders]).update(public_id=None)

    backfill = import_module("{{ cookiecutter.project_slug }}.orders.migrations.0003_backfill_order_public_id")
    backfill.fill_public_ids(django_apps, SimpleNamespace(connection=connection))

    public_ids = list(Order.objects.order_by("pk").values_list("public_id", flat=True))
    assert None not in public_ids
    assert len(set(public_ids)) == len(orders)
    assert public_ids == sorted(public_ids)
    assert {public_id.version for public_id in public_ids} == {7}
