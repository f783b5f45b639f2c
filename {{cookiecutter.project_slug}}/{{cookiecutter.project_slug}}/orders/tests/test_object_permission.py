"""The owner-or-staff object permission holds even when a queryset would leak."""

from http import HTTPStatus

import pytest

from {{ cookiecutter.project_slug }}.orders import selectors
from {{ cookiecutter.project_slug }}.orders.models import Order
from {{ cookiecutter.project_slug }}.users.tests.factories import UserFactory

from .factories import OrderFactory, OrderItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaky_querysets(monkeypatch):
    """Every order visible to everyone, as a broken scoping would make it."""
    monkeypatch.setattr(selectors, "list_visible_orders", lambda *, user: Order.objects.all())


@pytest.fixture
def order():
    order = OrderFactory.create()
    OrderItemFactory.create(order=order)
    return order


@pytest.mark.parametrize(
    ("method", "action", "body"),
    [
        ("get", "", None),
        ("patch", "", {"note": "mine now", "version": 1}),
        ("post", "cancel/", None),
    ],
)
def test_a_leaked_order_is_still_not_found(
    leaky_querysets, auth_client, order, method, action, body
):
    stranger = auth_client(UserFactory.create())

    response = getattr(stranger, method)(f"/api/v1/orders/{order.public_id}/{action}", body)

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.json()["error"]["code"] == "not_found"
    order.refresh_from_db()
    assert (order.status, order.note, order.version) == (Order.Status.PENDING, "", 1)


def test_the_owner_and_staff_pass_the_object_permission(leaky_querysets, auth_client, order):
    owner = auth_client(order.user)
    staff = auth_client(UserFactory.create(staff=True))

    assert owner.get(f"/api/v1/orders/{order.public_id}/").status_code == HTTPStatus.OK
    assert staff.get(f"/api/v1/orders/{order.public_id}/").status_code == HTTPStatus.OK
