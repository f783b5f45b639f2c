"""v2 serves the same views as v1; only money is shaped differently."""

from decimal import Decimal
from http import HTTPStatus

import pytest
from django.conf import settings

from {{ cookiecutter.project_slug }}.catalog.models import Product
from {{ cookiecutter.project_slug }}.catalog.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_v1_shows_money_as_a_decimal_string(api_client):
    product = ProductFactory.create(price=Decimal("12.50"))

    response = api_client.get(f"/api/v1/products/{product.pk}/")

    assert response.json()["price"] == "12.50"


def test_v2_shows_money_as_an_amount_and_currency(api_client):
    product = ProductFactory.create(price=Decimal("12.50"))

    response = api_client.get(f"/api/v2/products/{product.pk}/")

    assert response.status_code == HTTPStatus.OK
    assert response.json()["price"] == {"amount": "12.50", "currency": settings.CURRENCY}


def test_v2_lists_money_as_objects(api_client):
    ProductFactory.create(price=Decimal("3.00"))

    response = api_client.get("/api/v2/products/")

    assert response.json()["results"][0]["price"] == {
        "amount": "3.00",
        "currency": settings.CURRENCY,
    }


def test_v2_order_totals_and_lines_are_money_objects(user_client):
    product = ProductFactory.create(price=Decimal("2.50"), stock=5)

    response = user_client.post(
        "/api/v2/orders/", {"items": [{"product": product.pk, "quantity": 2}]}, format="json"
    )

    assert response.status_code == HTTPStatus.CREATED
    money = {"amount": "5.00", "currency": settings.CURRENCY}
    assert response.json()["total"] == money
    assert response.json()["items"][0]["line_total"] == money


def test_v2_creates_a_product_from_a_money_object(staff_client):
    price = {"amount": "7.25", "currency": settings.CURRENCY}

    response = staff_client.post(
        "/api/v2/products/", {"sku": "A-1", "name": "A", "price": price}, format="json"
    )

    assert response.status_code == HTTPStatus.CREATED
    assert Product.objects.get().price == Decimal("7.25")


@pytest.mark.parametrize(
    "price",
    ["7.25", {"amount": "7.25"}, {"amount": "7.25", "currency": "XXX"}],
    ids=["bare-amount", "no-currency", "other-currency"],
)
def test_v2_refuses_money_that_is_not_an_object_in_the_currency(staff_client, price):
    response = staff_client.post(
        "/api/v2/products/", {"sku": "A-1", "name": "A", "price": price}, format="json"
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert list(response.json()["error"]["details"]) == ["price"]
    assert not Product.objects.exists()
