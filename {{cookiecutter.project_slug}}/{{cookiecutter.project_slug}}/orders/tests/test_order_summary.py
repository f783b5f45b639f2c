from decimal import Decimal
from http import HTTPStatus

import pytest

from {{ cookiecutter.project_slug }}.orders.models import Order
from {{ cookiecutter.project_slug }}.users.tests.factories import UserFactory

from .factories import OrderFactory, OrderItemFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/orders/summary/"
Status = Order.Status


def test_summary_counts_and_totals_the_callers_orders_per_status(user_client, user):
    for total, status in [("10.00", Status.PAID), ("5.50", Status.PAID), ("7.00", Status.PENDING)]:
        order = OrderFactory.create(user=user, total=Decimal(total), status=status)
        OrderItemFactory.create_batch(2, order=order)  # Joins must not multiply the sums.
    OrderFactory.create(user=UserFactory.create(), total=Decimal("100.00"), status=Status.PAID)

    response = user_client.get(URL)

    assert response.status_code == HTTPStatus.OK
    assert response.json() == {
        "count": 3,
        "by_status": {
            "pending": {"count": 1, "total": "7.00"},
            "paid": {"count": 2, "total": "15.50"},
            "cancelled": {"count": 0, "total": "0.00"},
            "refunded": {"count": 0, "total": "0.00"},
        },
    }


def test_summary_honours_the_list_filters(user_client, user):
    OrderFactory.create(user=user, total=Decimal("10.00"))
    OrderFactory.create(user=user, total=Decimal("1.00"))

    response = user_client.get(URL, {"min_total": "5"})

    assert response.json()["by_status"]["pending"] == {"count": 1, "total": "10.00"}


def test_staff_summary_covers_everyone(staff_client, user):
    OrderFactory.create(user=user, total=Decimal("10.00"))
    OrderFactory.create(user=UserFactory.create(), total=Decimal("1.00"))

    response = staff_client.get(URL)

    assert response.json()["by_status"]["pending"] == {"count": 2, "total": "11.00"}


def test_summary_runs_a_constant_number_of_queries(
    user_client, user, django_assert_max_num_queries
):
    OrderFactory.create_batch(30, user=user)

    with django_assert_max_num_queries(2):
        response = user_client.get(URL)

    assert response.json()["count"] == 30
