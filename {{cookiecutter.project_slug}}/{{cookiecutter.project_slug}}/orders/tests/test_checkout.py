from decimal import Decimal
from http import HTTPStatus

import pytest

from {{ cookiecutter.project_slug }}.catalog.tests.factories import ProductFactory
from {{ cookiecutter.project_slug }}.orders.models import Order, OrderItem
from {{ cookiecutter.project_slug }}.users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/orders/"


def line(product, quantity=1):
    return {"product": product.pk, "quantity": quantity}


def stock_of(product):
    product.refresh_from_db()
    return product.stock


def test_checkout_creates_the_order_with_price_snapshots_and_total(user_client, user):
    lamp = ProductFactory.create(name="Lamp", sku="LAMP", price=Decimal("19.99"), stock=5)
    desk = ProductFactory.create(name="Desk", sku="DESK", price=Decimal("120.00"), stock=1)

    response = user_client.post(URL, {"items": [line(lamp, 3), line(desk)], "note": "Ring twice"})

    assert response.status_code == HTTPStatus.CREATED
    body = response.json()
    assert body["status"] == "pending"
    assert body["total"] == "179.97"
    assert body["version"] == 1
    assert body["note"] == "Ring twice"
    assert [
        (
            item["product_name"],
            item["sku"],
            item["unit_price"],
            item["quantity"],
            item["line_total"],
        )
        for item in body["items"]
    ] == [("Lamp", "LAMP", "19.99", 3, "59.97"), ("Desk", "DESK", "120.00", 1, "120.00")]
    assert Order.objects.get(public_id=body["id"]).user == user


def test_checkout_takes_the_quantities_out_of_stock(user_client):
    lamp = ProductFactory.create(stock=5)
    desk = ProductFactory.create(stock=1)

    user_client.post(URL, {"items": [line(lamp, 3), line(desk)]})

    assert (stock_of(lamp), stock_of(desk)) == (2, 0)


def test_checkout_of_the_exact_remaining_stock_succeeds(user_client):
    lamp = ProductFactory.create(stock=2)

    response = user_client.post(URL, {"items": [line(lamp, 2)]})

    assert response.status_code == HTTPStatus.CREATED
    assert stock_of(lamp) == 0


def test_the_largest_possible_line_fits_in_the_totals(user_client):
    dearest = ProductFactory.create(price=Decimal("99999999.99"), stock=10_000)

    response = user_client.post(URL, {"items": [line(dearest, 10_000)]})

    assert response.status_code == HTTPStatus.CREATED
    assert response.json()["total"] == "999999999900.00"


def test_insufficient_stock_is_a_400_naming_the_product_and_writes_nothing(user_client):
    plenty = ProductFactory.create(stock=10)
    scarce = ProductFactory.create(name="Rare lamp", sku="RARE", stock=1)

    response = user_client.post(URL, {"items": [line(plenty, 2), line(scarce, 2)]})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    error = response.json()["error"]
    assert error["code"] == "insufficient_stock"
    assert "Rare lamp (RARE)" in error["message"]
    assert error["details"] == {"product": scarce.pk, "sku": "RARE", "available": 1, "requested": 2}
    assert (stock_of(plenty), stock_of(scarce)) == (10, 1)
    assert not Order.objects.exists()
    assert not OrderItem.objects.exists()


def test_an_inactive_product_is_a_400_by_id_only_and_writes_nothing(user_client):
    available = ProductFactory.create(stock=10)
    withdrawn = ProductFactory.create(name="Old lamp", sku="OLD", is_active=False, stock=10)

    response = user_client.post(URL, {"items": [line(available), line(withdrawn)]})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["error"]["code"] == "product_unavailable"
    # The customer cannot see a hidden product, so the message does not name it.
    assert response.json()["error"]["message"] == f"Product #{withdrawn.pk} is not available."
    assert "Old lamp" not in response.content.decode()
    assert response.json()["error"]["details"] == {"product": withdrawn.pk}
    assert stock_of(available) == 10
    assert not Order.objects.exists()


def test_an_unknown_product_is_a_400_naming_its_id(user_client):
    response = user_client.post(URL, {"items": [{"product": 999_999, "quantity": 1}]})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["error"]["details"] == {"product": 999_999}
    assert not Order.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"items": []}, "items"),
        ({}, "items"),
        ({"items": [{"product": 1, "quantity": 0}]}, "items"),
        ({"items": [{"product": 1}]}, "items"),
        ({"items": [{"product": 1, "quantity": 1}], "note": "x" * 1001}, "note"),
    ],
)
def test_malformed_checkout_is_a_400_with_field_errors(user_client, body, field):
    response = user_client.post(URL, body)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert field in response.json()["error"]["details"]


def test_a_product_listed_twice_is_a_400(user_client):
    lamp = ProductFactory.create()

    response = user_client.post(URL, {"items": [line(lamp), line(lamp)]})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "items" in response.json()["error"]["details"]
    assert stock_of(lamp) == 10


def test_anonymous_checkout_is_a_401(api_client):
    lamp = ProductFactory.create()

    response = api_client.post(URL, {"items": [line(lamp)]})

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert stock_of(lamp) == 10


def test_replaying_an_idempotency_key_returns_the_first_order_without_charging_again(
    user_client,
):
    lamp = ProductFactory.create(stock=5)
    body = {"items": [line(lamp, 2)]}

    first = user_client.post(URL, body, HTTP_IDEMPOTENCY_KEY="checkout-1")
    replay = user_client.post(URL, body, HTTP_IDEMPOTENCY_KEY="checkout-1")

    assert first.status_code == HTTPStatus.CREATED
    assert replay.status_code == HTTPStatus.OK
    assert replay.json() == first.json()
    assert stock_of(lamp) == 3
    assert Order.objects.count() == 1


def test_replay_matches_the_body_whatever_the_order_of_its_items(user_client):
    lamp, desk = ProductFactory.create(), ProductFactory.create()

    first = user_client.post(URL, {"items": [line(lamp), line(desk)]}, HTTP_IDEMPOTENCY_KEY="k")
    replay = user_client.post(URL, {"items": [line(desk), line(lamp)]}, HTTP_IDEMPOTENCY_KEY="k")

    assert replay.status_code == HTTPStatus.OK
    assert replay.json()["id"] == first.json()["id"]


def test_reusing_an_idempotency_key_with_another_body_is_a_422(user_client):
    lamp = ProductFactory.create(stock=5)
    first = user_client.post(URL, {"items": [line(lamp, 1)]}, HTTP_IDEMPOTENCY_KEY="k")

    response = user_client.post(URL, {"items": [line(lamp, 2)]}, HTTP_IDEMPOTENCY_KEY="k")

    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert response.json()["error"]["code"] == "idempotency_key_reused"
    assert response.json()["error"]["details"] == {"order": first.json()["id"]}
    assert stock_of(lamp) == 4


def test_a_different_note_is_a_different_body(user_client):
    lamp = ProductFactory.create()
    user_client.post(URL, {"items": [line(lamp)], "note": "a"}, HTTP_IDEMPOTENCY_KEY="k")

    response = user_client.post(URL, {"items": [line(lamp)], "note": "b"}, HTTP_IDEMPOTENCY_KEY="k")

    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY


def test_idempotency_keys_belong_to_one_user(user_client, auth_client):
    lamp = ProductFactory.create(stock=5)
    body = {"items": [line(lamp)]}
    mine = user_client.post(URL, body, HTTP_IDEMPOTENCY_KEY="shared")

    theirs = auth_client(UserFactory.create()).post(URL, body, HTTP_IDEMPOTENCY_KEY="shared")

    assert theirs.status_code == HTTPStatus.CREATED
    assert theirs.json()["id"] != mine.json()["id"]
    assert stock_of(lamp) == 3


def test_orders_without_a_key_are_independent(user_client):
    lamp = ProductFactory.create(stock=5)

    first = user_client.post(URL, {"items": [line(lamp)]})
    second = user_client.post(URL, {"items": [line(lamp)]})

    assert first.json()["id"] != second.json()["id"]
    assert stock_of(lamp) == 3


def test_an_overlong_idempotency_key_is_a_400(user_client):
    lamp = ProductFactory.create()

    response = user_client.post(URL, {"items": [line(lamp)]}, HTTP_IDEMPOTENCY_KEY="k" * 256)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "idempotency_key" in response.json()["error"]["details"]
    assert not Order.objects.exists()


def test_confirmation_goes_out_only_after_commit(
    user_client, confirmation_jobs, django_capture_on_commit_callbacks
):
    lamp = ProductFactory.create()

    with django_capture_on_commit_callbacks() as callbacks:
        response = user_client.post(URL, {"items": [line(lamp)]})
        assert confirmation_jobs.calls == []

    assert callbacks  # the confirmation's dispatch (and the catalogue's new generation)
    for callback in callbacks:
        callback()
    order = Order.objects.get(public_id=response.json()["id"])
    assert confirmation_jobs.calls == [{"order_id": order.pk}]


def test_a_failed_checkout_sends_no_confirmation(
    user_client, confirmation_jobs, django_capture_on_commit_callbacks
):
    lamp = ProductFactory.create(stock=0)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        user_client.post(URL, {"items": [line(lamp)]})

    assert callbacks == []
    assert confirmation_jobs.calls == []


def test_a_replay_sends_no_second_confirmation(
    user_client, confirmation_jobs, django_capture_on_commit_callbacks
):
    lamp = ProductFactory.create()
    body = {"items": [line(lamp)]}

    with django_capture_on_commit_callbacks(execute=True):
        user_client.post(URL, body, HTTP_IDEMPOTENCY_KEY="k")
        user_client.post(URL, body, HTTP_IDEMPOTENCY_KEY="k")

    assert len(confirmation_jobs.calls) == 1


def test_snapshots_survive_later_product_edits(user_client, staff_client):
    lamp = ProductFactory.create(name="Lamp", sku="LAMP", price=Decimal("10.00"))
    order_id = user_client.post(URL, {"items": [line(lamp, 2)]}).json()["id"]

    staff_client.patch(
        f"/api/v1/products/{lamp.pk}/", {"name": "Renamed", "sku": "NEW", "price": "99.00"}
    )

    item = user_client.get(f"{URL}{order_id}/").json()["items"][0]
    assert (item["product_name"], item["sku"], item["unit_price"]) == ("Lamp", "LAMP", "10.00")
    assert item["line_total"] == "20.00"
    assert user_client.get(f"{URL}{order_id}/").json()["total"] == "20.00"
