from decimal import Decimal
from http import HTTPStatus

import pytest
from django.db import IntegrityError, transaction

from {{ cookiecutter.project_slug }}.catalog import services
from {{ cookiecutter.project_slug }}.catalog.models import Product
from {{ cookiecutter.project_slug }}.core.exceptions import ValidationFailed
from {{ cookiecutter.project_slug }}.orders.tests.factories import OrderItemFactory

from .factories import ProductFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/products/"
NEW_PRODUCT = {"sku": "LAMP-1", "name": "Lamp", "price": "19.90", "stock": 3}


def detail_url(product):
    return f"{URL}{product.pk}/"


def test_staff_creates_a_product(staff_client):
    response = staff_client.post(URL, NEW_PRODUCT)

    assert response.status_code == HTTPStatus.CREATED
    product = Product.objects.get(pk=response.json()["id"])
    assert (product.sku, product.price, product.stock) == (
        "LAMP-1",
        Decimal("19.90"),
        3,
    )
    assert response.json()["is_active"] is True


def test_customer_cannot_create_a_product(user_client):
    response = user_client.post(URL, NEW_PRODUCT)

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Product.objects.exists()


def test_anonymous_cannot_create_a_product(api_client):
    response = api_client.post(URL, NEW_PRODUCT)

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert not Product.objects.exists()


@pytest.mark.parametrize("price", ["0", "0.00", "-1.00"])
def test_price_must_be_greater_than_zero(staff_client, price):
    response = staff_client.post(URL, {**NEW_PRODUCT, "price": price})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert list(response.json()["error"]["details"]) == ["price"]


def test_stock_cannot_be_negative(staff_client):
    response = staff_client.post(URL, {**NEW_PRODUCT, "stock": -1})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert list(response.json()["error"]["details"]) == ["stock"]


def test_stock_beyond_the_database_range_is_a_400(staff_client):
    response = staff_client.post(URL, {**NEW_PRODUCT, "stock": 2**31})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert list(response.json()["error"]["details"]) == ["stock"]


def test_sku_must_be_unique(staff_client):
    ProductFactory.create(sku=NEW_PRODUCT["sku"])

    response = staff_client.post(URL, NEW_PRODUCT)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert list(response.json()["error"]["details"]) == ["sku"]


def test_staff_patches_only_the_given_fields(staff_client):
    product = ProductFactory.create(name="Lamp", price=Decimal("5.00"), stock=7)

    response = staff_client.patch(detail_url(product), {"price": "6.50"})

    assert response.status_code == HTTPStatus.OK
    product.refresh_from_db()
    assert (product.name, product.price, product.stock) == ("Lamp", Decimal("6.50"), 7)


def test_staff_replaces_a_product_with_put(staff_client):
    product = ProductFactory.create()

    response = staff_client.put(detail_url(product), {**NEW_PRODUCT, "name": "Desk lamp"})

    assert response.status_code == HTTPStatus.OK
    product.refresh_from_db()
    assert (product.sku, product.name) == ("LAMP-1", "Desk lamp")


def test_patch_keeps_the_sku_unique(staff_client):
    ProductFactory.create(sku="TAKEN")
    product = ProductFactory.create()

    response = staff_client.patch(detail_url(product), {"sku": "TAKEN"})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "sku" in response.json()["error"]["details"]


def test_customer_cannot_update_a_product(user_client):
    product = ProductFactory.create(price=Decimal("5.00"))

    response = user_client.patch(detail_url(product), {"price": "0.01"})

    assert response.status_code == HTTPStatus.FORBIDDEN
    product.refresh_from_db()
    assert product.price == Decimal("5.00")


def test_staff_can_reactivate_a_deactivated_product(staff_client):
    product = ProductFactory.create(is_active=False)

    response = staff_client.patch(detail_url(product), {"is_active": True})

    assert response.status_code == HTTPStatus.OK
    product.refresh_from_db()
    assert product.is_active


def test_delete_deactivates_by_default(staff_client, api_client):
    product = ProductFactory.create()

    response = staff_client.delete(detail_url(product))

    assert response.status_code == HTTPStatus.NO_CONTENT
    product.refresh_from_db()
    assert not product.is_active
    assert api_client.get(detail_url(product)).status_code == HTTPStatus.NOT_FOUND


def test_hard_delete_removes_a_product_nobody_ordered(staff_client):
    product = ProductFactory.create()

    response = staff_client.delete(f"{detail_url(product)}?hard=true")

    assert response.status_code == HTTPStatus.NO_CONTENT
    assert not Product.objects.filter(pk=product.pk).exists()


def test_hard_delete_of_an_ordered_product_is_a_conflict_counting_its_items(
    staff_client,
):
    product = ProductFactory.create()
    OrderItemFactory.create_batch(2, product=product)

    response = staff_client.delete(f"{detail_url(product)}?hard=true")

    assert response.status_code == HTTPStatus.CONFLICT
    assert response.json()["error"]["code"] == "product_in_use"
    assert response.json()["error"]["details"] == {"order_items": 2}
    assert Product.objects.filter(pk=product.pk, is_active=True).exists()


def test_customer_cannot_delete_a_product(user_client):
    product = ProductFactory.create()

    response = user_client.delete(detail_url(product))

    assert response.status_code == HTTPStatus.FORBIDDEN
    product.refresh_from_db()
    assert product.is_active


def test_database_refuses_negative_stock():
    product = ProductFactory.create(stock=0)

    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.filter(pk=product.pk).update(stock=-1)


def test_database_refuses_a_zero_price():
    product = ProductFactory.create()

    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.filter(pk=product.pk).update(price=0)


def test_a_sku_taken_past_the_serializer_check_is_a_field_error():
    # What a concurrent create that commits first looks like to the service.
    ProductFactory.create(sku="LAMP-1")

    with pytest.raises(ValidationFailed) as raised:
        services.create_product(sku="LAMP-1", name="Lamp", price=Decimal("19.90"))

    assert set(raised.value.details) == {"sku"}


def test_other_integrity_errors_are_not_reported_as_a_taken_sku():
    product = ProductFactory.create()

    with pytest.raises(IntegrityError):
        services.update_product(product=product, data={"stock": -1})
