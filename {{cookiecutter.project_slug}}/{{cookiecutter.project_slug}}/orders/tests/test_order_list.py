from datetime import timedelta
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.utils import timezone

from {{ cookiecutter.project_slug }}.orders.models import Order
from {{ cookiecutter.project_slug }}.users.tests.factories import UserFactory

from .factories import OrderFactory, OrderItemFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/orders/"


def ids(response):
    return [order["id"] for order in response.json()["results"]]


def make_order(user, *, items=1, **fields):
    order = OrderFactory.create(user=user, **fields)
    OrderItemFactory.create_batch(items, order=order)
    return order


def backdate(order, **delta):
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - timedelta(**delta))


def test_list_shows_only_the_callers_orders(user_client, user):
    mine = make_order(user)
    make_order(UserFactory.create())

    response = user_client.get(URL)

    assert response.status_code == HTTPStatus.OK
    assert ids(response) == [str(mine.public_id)]


def test_list_items_are_slim_with_an_item_count(user_client, user):
    order = make_order(user, items=3, total=Decimal("30.00"))

    [entry] = user_client.get(URL).json()["results"]

    assert set(entry) == {"id", "status", "total", "item_count", "created_at"}
    assert (entry["id"], entry["total"], entry["item_count"]) == (str(order.public_id), "30.00", 3)


def test_staff_see_every_order(staff_client, user):
    theirs = make_order(user)
    other = make_order(UserFactory.create())

    response = staff_client.get(URL)

    assert set(ids(response)) == {str(theirs.public_id), str(other.public_id)}


def test_staff_filter_by_user(staff_client, user):
    theirs = make_order(user)
    make_order(UserFactory.create())

    response = staff_client.get(URL, {"user": user.pk})

    assert ids(response) == [str(theirs.public_id)]


def test_a_customer_cannot_widen_the_list_with_the_user_filter(user_client, user):
    make_order(user)
    stranger = UserFactory.create()
    make_order(stranger)

    response = user_client.get(URL, {"user": stranger.pk})

    assert ids(response) == []


def test_list_filters_by_status(user_client, user):
    paid = make_order(user, status=Order.Status.PAID)
    make_order(user, status=Order.Status.PENDING)

    assert ids(user_client.get(URL, {"status": "paid"})) == [str(paid.public_id)]


def test_list_filters_by_creation_window(user_client, user):
    old, middle, new = make_order(user), make_order(user), make_order(user)
    backdate(old, days=10)
    backdate(middle, days=5)
    window = {
        "created_after": (timezone.now() - timedelta(days=7)).isoformat(),
        "created_before": (timezone.now() - timedelta(days=1)).isoformat(),
    }

    response = user_client.get(URL, window)

    assert ids(response) == [str(middle.public_id)]
    assert str(new.public_id) in ids(
        user_client.get(URL, {"created_after": window["created_after"]})
    )


def test_a_utc_offset_beyond_what_the_database_accepts_still_filters(user_client, user):
    order = make_order(user)

    response = user_client.get(URL, {"created_after": "2000-01-14T08:17:05-17:12"})

    assert response.status_code == HTTPStatus.OK
    assert ids(response) == [str(order.public_id)]


def test_a_timestamp_that_leaves_the_calendar_in_utc_is_a_400(user_client):
    response = user_client.get(URL, {"created_before": "0001-01-01T00:00:00+14:00"})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "created_before" in response.json()["error"]["details"]


def test_list_filters_by_minimum_total(user_client, user):
    make_order(user, total=Decimal("9.99"))
    big = make_order(user, total=Decimal("10.00"))

    assert ids(user_client.get(URL, {"min_total": "10"})) == [str(big.public_id)]


def test_an_unknown_status_filter_is_a_400(user_client):
    response = user_client.get(URL, {"status": "shipped"})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "status" in response.json()["error"]["details"]


def test_list_is_newest_first(user_client, user):
    older, newer = make_order(user), make_order(user)
    backdate(older, hours=1)

    assert ids(user_client.get(URL)) == [str(newer.public_id), str(older.public_id)]


def test_ordering_by_total_pages_through_every_order_once(user_client, user):
    orders = [make_order(user, total=Decimal(total)) for total in [5, 1, 5, 3, 1, 5, 3]]
    seen, url = [], f"{URL}?ordering=total&page_size=2"
    while url:
        page = user_client.get(url).json()
        seen.extend(page["results"])
        url = page["next"]

    assert sorted(order["id"] for order in seen) == sorted(str(order.public_id) for order in orders)
    totals = [Decimal(order["total"]) for order in seen]
    assert totals == sorted(totals)


def test_default_page_size_is_20(user_client, user):
    OrderFactory.create_batch(21, user=user)

    page = user_client.get(URL).json()

    assert len(page["results"]) == 20
    assert page["next"] is not None


def test_list_costs_the_same_queries_at_page_size_5_and_100(
    user_client, user, django_assert_max_num_queries
):
    for _ in range(100):
        make_order(user, items=2)

    with django_assert_max_num_queries(2) as small:
        small_page = user_client.get(URL, {"page_size": 5})
    with django_assert_max_num_queries(2) as large:
        large_page = user_client.get(URL, {"page_size": 100})

    assert len(small_page.json()["results"]) == 5
    assert len(large_page.json()["results"]) == 100
    assert all(order["item_count"] == 2 for order in large_page.json()["results"])
    assert len(small.captured_queries) == len(large.captured_queries)


def test_anonymous_list_is_a_401(api_client):
    assert api_client.get(URL).status_code == HTTPStatus.UNAUTHORIZED
