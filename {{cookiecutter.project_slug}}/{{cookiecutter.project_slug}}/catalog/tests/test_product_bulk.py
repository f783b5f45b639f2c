import math
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.db import connection

from {{ cookiecutter.project_slug }}.catalog.models import Product, ProductImport
from {{ cookiecutter.project_slug }}.catalog.serializers import BULK_MAX_ROWS
from {{ cookiecutter.project_slug }}.catalog.views import REPLAYED_HEADER
from {{ cookiecutter.project_slug }}.orders.tests.factories import OrderItemFactory

from .factories import ProductFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/products/bulk/"


def row(sku, **fields):
    return {"sku": sku, "name": f"Product {sku}", "price": "10.00", **fields}


def post(client, rows, key=None):
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(URL, rows, format="json", headers=headers)


def test_staff_creates_products_in_bulk(staff_client):
    response = post(staff_client, [row("A-1", stock=5), row("A-2", price="2.50")])

    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert (body["created"], body["updated"]) == (2, 0)
    products = {product.sku: product for product in Product.objects.all()}
    assert [r["id"] for r in body["rows"]] == [products["A-1"].pk, products["A-2"].pk]
    assert (products["A-1"].stock, products["A-2"].price) == (5, Decimal("2.50"))


def test_an_existing_sku_is_updated_but_keeps_its_stock(staff_client):
    existing = ProductFactory.create(sku="A-1", name="Old", price=Decimal("1.00"), stock=7)

    response = post(staff_client, [row("A-1", name="New", price="3.00", stock=99), row("A-2")])

    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert (body["created"], body["updated"]) == (1, 1)
    assert body["rows"][0] == {"index": 0, "id": existing.pk, "sku": "A-1", "created": False}
    existing.refresh_from_db()
    # Checkouts change the stock concurrently: only stock_delta moves an existing one.
    assert (existing.name, existing.price, existing.stock) == ("New", Decimal("3.00"), 7)
    assert Product.objects.count() == 2


def test_an_update_keeps_the_stock_that_checkouts_took(staff_client):
    product = ProductFactory.create(sku="A-1", stock=10)
    OrderItemFactory.create(product=product, quantity=3)
    Product.objects.filter(pk=product.pk).update(stock=7)  # the checkout's reservation

    post(staff_client, [row("A-1", stock=10)])

    product.refresh_from_db()
    assert product.stock == 7


def test_one_invalid_row_writes_nothing_and_every_bad_row_is_listed(staff_client):
    existing = ProductFactory.create(sku="A-1", name="Old")
    rows = [row("A-1", name="New"), row("A-2", price="0"), row("A-3"), {"sku": "A-4"}]

    response = post(staff_client, rows)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    error = response.json()["error"]
    assert error["code"] == "invalid"
    listed = {entry["index"]: entry["errors"] for entry in error["details"]["rows"]}
    assert set(listed) == {1, 3}
    assert list(listed[1]) == ["price"]
    assert set(listed[3]) == {"name", "price"}
    existing.refresh_from_db()
    assert existing.name == "Old"
    assert Product.objects.count() == 1


def test_a_sku_repeated_in_one_request_is_an_error_on_the_later_row(staff_client):
    response = post(staff_client, [row("A-1"), row("A-2"), row("A-1"), row("A-3", price="x")])

    assert response.status_code == HTTPStatus.BAD_REQUEST
    listed = {e["index"]: e["errors"] for e in response.json()["error"]["details"]["rows"]}
    assert list(listed) == [2, 3]
    assert listed[2] == {"sku": ["Row 0 has the same SKU."]}
    assert not Product.objects.exists()


def test_more_rows_than_the_limit_are_refused(staff_client):
    rows = [row(f"A-{index}") for index in range(BULK_MAX_ROWS + 1)]

    response = post(staff_client, rows)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["error"]["code"] == "invalid"
    assert "non_field_errors" in response.json()["error"]["details"]
    assert not Product.objects.exists()


@pytest.mark.parametrize("body", [[], {"sku": "A-1"}, "A-1"], ids=["empty", "object", "string"])
def test_a_body_that_is_not_a_list_of_rows_is_refused(staff_client, body):
    response = post(staff_client, body)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["error"]["code"] == "invalid"


def test_the_limit_is_one_statement(staff_client, django_assert_max_num_queries):
    rows = [row(f"A-{index}") for index in range(BULK_MAX_ROWS)]
    # One upsert on PostgreSQL; SQLite caps the parameters of a statement, so it takes a few.
    fields = [field for field in Product._meta.concrete_fields if not field.primary_key]
    per_statement = connection.ops.bulk_batch_size(fields, rows) or BULK_MAX_ROWS
    upserts = math.ceil(BULK_MAX_ROWS / per_statement)

    # Authentication (1), the lock of the existing SKUs (1), the upserts, the savepoint.
    with django_assert_max_num_queries(5 + upserts):
        response = post(staff_client, rows)

    assert response.status_code == HTTPStatus.OK
    assert Product.objects.count() == BULK_MAX_ROWS


def test_customers_cannot_write_in_bulk(user_client):
    response = post(user_client, [row("A-1")])

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Product.objects.exists()


def test_anonymous_cannot_write_in_bulk(api_client):
    response = post(api_client, [row("A-1")])

    assert response.status_code == HTTPStatus.UNAUTHORIZED


def test_a_replayed_idempotency_key_returns_the_first_result_and_writes_nothing(staff_client):
    first = post(staff_client, [row("A-1", stock=5)], key="import-1")
    Product.objects.filter(sku="A-1").update(name="Changed since")

    replay = post(staff_client, [row("A-1", stock=5)], key="import-1")

    assert replay.status_code == HTTPStatus.OK
    assert replay.json() == first.json()
    assert replay.headers[REPLAYED_HEADER] == "true"
    assert REPLAYED_HEADER not in first.headers
    assert Product.objects.get(sku="A-1").name == "Changed since"
    assert ProductImport.objects.count() == 1


def test_an_idempotency_key_reused_with_other_rows_is_a_422(staff_client):
    post(staff_client, [row("A-1")], key="import-1")

    response = post(staff_client, [row("A-2")], key="import-1")

    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert response.json()["error"]["code"] == "idempotency_key_reused"
    assert not Product.objects.filter(sku="A-2").exists()


def test_idempotency_keys_belong_to_their_user(auth_client, staff_user):
    from {{ cookiecutter.project_slug }}.users.tests.factories import UserFactory

    post(auth_client(staff_user), [row("A-1")], key="import-1")

    response = post(auth_client(UserFactory.create(staff=True)), [row("A-2")], key="import-1")

    assert response.status_code == HTTPStatus.OK
    assert Product.objects.filter(sku="A-2").exists()


def test_without_a_key_nothing_is_recorded_and_a_repeat_updates(staff_client):
    post(staff_client, [row("A-1")])
    response = post(staff_client, [row("A-1", name="Renamed")])

    assert response.json()["updated"] == 1
    assert Product.objects.get().name == "Renamed"
    assert not ProductImport.objects.exists()
