"""Stock only moves by relative adjustments, so a value read earlier is never written back."""

from http import HTTPStatus

import pytest
from django.db import IntegrityError, transaction

from {{ cookiecutter.project_slug }}.catalog import services
from {{ cookiecutter.project_slug }}.catalog.models import MAX_STOCK, Product
from {{ cookiecutter.project_slug }}.orders.services import place_order
from {{ cookiecutter.project_slug }}.users.tests.helpers import error_of

from .factories import ProductFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/products/"


def detail_url(product):
    return f"{URL}{product.pk}/"


def stock_of(product):
    product.refresh_from_db()
    return product.stock


def checkout(user, product, quantity):
    place_order(user=user, items=[{"product": product.pk, "quantity": quantity}])


def test_a_stale_put_does_not_overwrite_a_checkouts_decrement(staff_client, user):
    lamp = ProductFactory.create(stock=10)
    read = staff_client.get(detail_url(lamp)).json()
    checkout(user, lamp, 3)

    body = {key: read[key] for key in ("sku", "name", "description", "price", "is_active")}
    response = staff_client.put(detail_url(lamp), {**body, "name": "Desk lamp", "stock": 10})

    assert response.status_code == HTTPStatus.OK
    assert response.json()["stock"] == 7
    assert (stock_of(lamp), lamp.name) == (7, "Desk lamp")


def test_a_stale_patch_does_not_overwrite_a_checkouts_decrement(staff_client, user):
    lamp = ProductFactory.create(stock=10)
    checkout(user, lamp, 3)

    response = staff_client.patch(detail_url(lamp), {"stock": 10})

    assert response.status_code == HTTPStatus.OK
    assert stock_of(lamp) == 7


def test_stock_delta_is_added_to_the_stock_the_database_holds(staff_client, user):
    lamp = ProductFactory.create(stock=10)
    checkout(user, lamp, 3)

    response = staff_client.patch(detail_url(lamp), {"stock_delta": 5})

    assert response.status_code == HTTPStatus.OK
    assert response.json()["stock"] == 12
    assert "stock_delta" not in response.json()
    assert stock_of(lamp) == 12


def test_a_negative_stock_delta_removes_units(staff_client):
    lamp = ProductFactory.create(stock=10)

    response = staff_client.patch(detail_url(lamp), {"stock_delta": -10})

    assert response.status_code == HTTPStatus.OK
    assert stock_of(lamp) == 0


def test_removing_more_than_the_stock_is_a_409_and_changes_nothing(staff_client):
    lamp = ProductFactory.create(stock=2, name="Lamp")

    response = staff_client.patch(detail_url(lamp), {"stock_delta": -3, "name": "Renamed"})

    error = error_of(response, HTTPStatus.CONFLICT)
    assert error["code"] == "insufficient_stock"
    assert error["details"] == {"stock": 2, "stock_delta": -3}
    assert (stock_of(lamp), lamp.name) == (2, "Lamp")


def test_adding_past_the_upper_bound_is_a_409_and_changes_nothing(staff_client):
    lamp = ProductFactory.create(stock=MAX_STOCK - 1)

    response = staff_client.patch(detail_url(lamp), {"stock_delta": 2})

    error = error_of(response, HTTPStatus.CONFLICT)
    assert error["code"] == "stock_out_of_range"
    assert stock_of(lamp) == MAX_STOCK - 1


def test_adding_up_to_the_upper_bound_is_allowed(staff_client):
    lamp = ProductFactory.create(stock=MAX_STOCK - 2)

    assert staff_client.patch(detail_url(lamp), {"stock_delta": 2}).status_code == HTTPStatus.OK
    assert stock_of(lamp) == MAX_STOCK


@pytest.mark.parametrize("delta", [MAX_STOCK + 1, -MAX_STOCK - 1, 2**63, "many", 1.5])
def test_a_stock_delta_outside_its_range_or_not_an_integer_is_a_400(staff_client, delta):
    lamp = ProductFactory.create(stock=10)

    response = staff_client.patch(detail_url(lamp), {"stock_delta": delta})

    assert list(error_of(response, HTTPStatus.BAD_REQUEST)["details"]) == ["stock_delta"]
    assert stock_of(lamp) == 10


def test_creation_sets_the_initial_stock_up_to_the_bound(staff_client):
    base = {"name": "Lamp", "price": "19.90"}

    created = staff_client.post(URL, {**base, "sku": "A", "stock": MAX_STOCK})
    refused = staff_client.post(URL, {**base, "sku": "B", "stock": MAX_STOCK + 1})

    assert created.status_code == HTTPStatus.CREATED
    assert Product.objects.get(sku="A").stock == MAX_STOCK
    assert list(error_of(refused, HTTPStatus.BAD_REQUEST)["details"]) == ["stock"]


def test_an_adjustment_with_a_stale_instance_counts_from_the_database(user):
    lamp = ProductFactory.create(stock=10)
    stale = Product.objects.get(pk=lamp.pk)
    checkout(user, lamp, 4)

    services.adjust_product_stock(product=stale, delta=1)

    assert (stale.stock, stock_of(lamp)) == (7, 7)


def test_database_refuses_stock_above_the_bound():
    lamp = ProductFactory.create()

    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.filter(pk=lamp.pk).update(stock=MAX_STOCK + 1)
