"""`?search=` finds orders by their id or their customer's email, within what one may see."""

from http import HTTPStatus

import pytest

from {{ cookiecutter.project_slug }}.users.tests.factories import UserFactory

from .factories import OrderFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/orders/"


def found(client, text):
    response = client.get(URL, {"search": text})
    assert response.status_code == HTTPStatus.OK
    return {order["id"] for order in response.json()["results"]}


@pytest.fixture
def customer():
    return UserFactory.create(email="Ada@example.com")


def test_staff_find_an_order_by_its_id(staff_client, customer):
    order, _other = OrderFactory.create(user=customer), OrderFactory.create(user=customer)

    assert found(staff_client, str(order.public_id)) == {str(order.public_id)}


def test_staff_find_a_customers_orders_by_email_in_any_case(staff_client, customer):
    orders = OrderFactory.create_batch(2, user=customer)
    OrderFactory.create()

    assert found(staff_client, " ada@EXAMPLE.com ") == {str(order.public_id) for order in orders}


def test_a_customer_cannot_find_anyone_elses_order(user_client, customer):
    theirs = OrderFactory.create(user=customer)

    assert found(user_client, str(theirs.public_id)) == set()
    assert found(user_client, customer.email) == set()


def test_a_customer_finds_their_own_order(user_client, user):
    mine = OrderFactory.create(user=user)

    assert found(user_client, str(mine.public_id)) == {str(mine.public_id)}


def test_an_unknown_text_finds_nothing(staff_client, customer):
    OrderFactory.create(user=customer)

    assert found(staff_client, "nobody@example.com") == set()


def test_the_order_search_query_budget(staff_client, customer, django_assert_max_num_queries):
    OrderFactory.create_batch(3, user=customer)

    with django_assert_max_num_queries(2):
        assert len(found(staff_client, customer.email)) == 3
