from http import HTTPStatus

import pytest

from {{ cookiecutter.project_slug }}.catalog.models import MAX_STOCK, Product
from {{ cookiecutter.project_slug }}.catalog.tests.factories import ProductFactory
from {{ cookiecutter.project_slug }}.orders.models import Order
from {{ cookiecutter.project_slug }}.users.tests.helpers import error_of

pytestmark = pytest.mark.django_db

Status = Order.Status


def url(order_id, action):
    return f"/api/v1/orders/{order_id}/{action}/"


@pytest.fixture
def lamp():
    return ProductFactory.create(stock=10)


@pytest.fixture
def order_id(user_client, lamp):
    """A pending order for 4 lamps, placed through checkout (stock is now 6)."""
    response = user_client.post("/api/v1/orders/", {"items": [{"product": lamp.pk, "quantity": 4}]})
    assert response.status_code == HTTPStatus.CREATED
    return response.json()["id"]


def stock_of(product):
    product.refresh_from_db()
    return product.stock


def set_status(order_id, status):
    Order.objects.filter(public_id=order_id).update(status=status)


def test_staff_confirm_the_payment_of_a_pending_order(staff_client, order_id, lamp):
    response = staff_client.post(url(order_id, "pay"))

    assert response.status_code == HTTPStatus.OK
    assert response.json()["status"] == "paid"
    assert response.json()["version"] == 2
    assert stock_of(lamp) == 6


def test_the_owner_cannot_mark_their_order_paid(user_client, order_id):
    response = user_client.post(url(order_id, "pay"))

    assert error_of(response, HTTPStatus.FORBIDDEN)["code"] == "permission_denied"
    order = Order.objects.get(public_id=order_id)
    assert (order.status, order.version) == (Status.PENDING, 1)


def test_paying_reads_the_order_once_before_locking_it(
    staff_client, order_id, django_assert_max_num_queries
):
    # The user, the visibility check, the locked read and its savepoint, the update, and
    # the items for the response.
    with django_assert_max_num_queries(7):
        response = staff_client.post(url(order_id, "pay"))

    assert response.status_code == HTTPStatus.OK


def test_cancelling_a_pending_order_restocks_it(user_client, order_id, lamp):
    response = user_client.post(url(order_id, "cancel"))

    assert response.status_code == HTTPStatus.OK
    assert response.json()["status"] == "cancelled"
    assert stock_of(lamp) == 10


def test_staff_refund_a_paid_order_and_restock_it(staff_client, order_id, lamp):
    staff_client.post(url(order_id, "pay"))

    response = staff_client.post(url(order_id, "refund"))

    assert response.status_code == HTTPStatus.OK
    assert response.json()["status"] == "refunded"
    assert stock_of(lamp) == 10


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (Status.PAID, "pay"),
        (Status.CANCELLED, "pay"),
        (Status.REFUNDED, "pay"),
        (Status.PAID, "cancel"),
        (Status.CANCELLED, "cancel"),
        (Status.REFUNDED, "cancel"),
        (Status.PENDING, "refund"),
        (Status.CANCELLED, "refund"),
        (Status.REFUNDED, "refund"),
    ],
)
def test_an_illegal_transition_is_a_409_and_changes_nothing(
    staff_client, order_id, lamp, status, action
):
    set_status(order_id, status)

    response = staff_client.post(url(order_id, action))

    assert response.status_code == HTTPStatus.CONFLICT
    assert response.json()["error"]["code"] == "invalid_transition"
    assert response.json()["error"]["details"] == {"status": status}
    order = Order.objects.get(public_id=order_id)
    assert (order.status, order.version) == (status, 1)
    assert stock_of(lamp) == 6


def test_cancelling_twice_restocks_once(user_client, order_id, lamp):
    user_client.post(url(order_id, "cancel"))

    response = user_client.post(url(order_id, "cancel"))

    assert response.status_code == HTTPStatus.CONFLICT
    assert stock_of(lamp) == 10


def test_a_status_change_makes_an_earlier_version_stale(user_client, staff_client, order_id):
    staff_client.post(url(order_id, "pay"))

    response = user_client.patch(f"/api/v1/orders/{order_id}/", {"note": "hi", "version": 1})

    assert response.status_code == HTTPStatus.CONFLICT
    assert response.json()["error"]["details"] == {"current_version": 2}


@pytest.mark.parametrize(
    ("status", "action"), [(Status.PENDING, "cancel"), (Status.PAID, "refund")]
)
def test_a_restock_past_the_stock_bound_is_a_409_and_changes_nothing(
    staff_client, order_id, lamp, status, action
):
    set_status(order_id, status)
    Product.objects.filter(pk=lamp.pk).update(stock=MAX_STOCK - 3)

    response = staff_client.post(url(order_id, action))

    error = error_of(response, HTTPStatus.CONFLICT)
    assert error["code"] == "stock_out_of_range"
    assert error["details"] == {"product": lamp.pk, "stock": MAX_STOCK - 3, "quantity": 4}
    order = Order.objects.get(public_id=order_id)
    assert (order.status, order.version) == (status, 1)
    assert stock_of(lamp) == MAX_STOCK - 3
