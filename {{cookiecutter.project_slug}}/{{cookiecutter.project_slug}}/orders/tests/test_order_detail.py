from http import HTTPStatus

import pytest

from {{ cookiecutter.project_slug }}.orders.models import Order
from {{ cookiecutter.project_slug }}.users.tests.factories import UserFactory

from .factories import OrderFactory, OrderItemFactory

pytestmark = pytest.mark.django_db


def url(order, action=""):
    return f"/api/v1/orders/{order.public_id}/{action}"


@pytest.fixture
def order(user):
    order = OrderFactory.create(user=user)
    OrderItemFactory.create_batch(3, order=order)
    return order


def test_detail_includes_the_items(user_client, order):
    response = user_client.get(url(order))

    assert response.status_code == HTTPStatus.OK
    assert [item["product"] for item in response.json()["items"]] == list(
        order.items.values_list("product_id", flat=True)
    )


def test_detail_query_budget(user_client, order, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = user_client.get(url(order))

    assert len(response.json()["items"]) == 3


def test_staff_see_anyones_order(staff_client, order):
    assert staff_client.get(url(order)).status_code == HTTPStatus.OK


@pytest.mark.parametrize(
    ("method", "action", "body"),
    [
        ("get", "", None),
        ("patch", "", {"note": "mine now", "version": 1}),
        ("post", "cancel/", None),
    ],
)
def test_another_users_order_is_not_found(auth_client, order, method, action, body):
    stranger = auth_client(UserFactory.create())

    response = getattr(stranger, method)(url(order, action), body)

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.json()["error"]["code"] == "not_found"
    order.refresh_from_db()
    assert (order.status, order.note, order.version) == (Order.Status.PENDING, "", 1)


def test_refund_of_a_customers_order_is_staff_only(user_client, order):
    Order.objects.filter(pk=order.pk).update(status=Order.Status.PAID)

    response = user_client.post(url(order, "refund/"))

    assert response.status_code == HTTPStatus.FORBIDDEN
    order.refresh_from_db()
    assert order.status == Order.Status.PAID


def test_patch_updates_the_note_and_bumps_the_version(user_client, order):
    response = user_client.patch(url(order), {"note": "Leave at the door", "version": 1})

    assert response.status_code == HTTPStatus.OK
    assert (response.json()["note"], response.json()["version"]) == ("Leave at the door", 2)
    order.refresh_from_db()
    assert (order.note, order.version) == ("Leave at the door", 2)


def test_patch_with_a_stale_version_is_a_409_with_the_current_version(user_client, order):
    user_client.patch(url(order), {"note": "first", "version": 1})

    response = user_client.patch(url(order), {"note": "second", "version": 1})

    assert response.status_code == HTTPStatus.CONFLICT
    assert response.json()["error"]["code"] == "stale_version"
    assert response.json()["error"]["details"] == {"current_version": 2}
    order.refresh_from_db()
    assert order.note == "first"


def test_patch_needs_the_version(user_client, order):
    response = user_client.patch(url(order), {"note": "no version"})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "version" in response.json()["error"]["details"]


@pytest.mark.parametrize("method", ["put", "delete"])
def test_orders_cannot_be_replaced_or_deleted(user_client, order, method):
    response = getattr(user_client, method)(url(order), {})

    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert Order.objects.filter(pk=order.pk).exists()


def test_detail_ignores_the_list_filters(user_client, order):
    response = user_client.get(url(order), {"status": "refunded", "created_after": "garbage"})

    assert response.status_code == HTTPStatus.OK
    assert response.json()["id"] == str(order.public_id)
