"""ETags, If-None-Match and If-Match on orders."""

from http import HTTPStatus

import pytest

from {{ cookiecutter.project_slug }}.orders.views import OrderViewSet
from {{ cookiecutter.project_slug }}.users.tests.factories import UserFactory

from .factories import OrderFactory, OrderItemFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/orders/"


def url(order):
    return f"/api/v1/orders/{order.public_id}/"


@pytest.fixture
def order(user):
    order = OrderFactory.create(user=user)
    OrderItemFactory.create_batch(2, order=order)
    return order


def test_detail_sends_a_strong_etag_of_the_version_and_private_no_cache(user_client, order):
    response = user_client.get(url(order))

    assert response.status_code == HTTPStatus.OK
    assert response["ETag"] == '"1"'
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-cache"}
    assert "Authorization" in response["Vary"]


def test_detail_answers_a_current_etag_with_304_and_no_body(
    user_client, order, django_assert_max_num_queries
):
    etag = user_client.get(url(order))["ETag"]

    # One query: the order's version, joined to its (active) owner; no items, no user row.
    with django_assert_max_num_queries(1):
        response = user_client.get(url(order), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == HTTPStatus.NOT_MODIFIED
    assert response.content == b""
    assert response["ETag"] == etag
    assert "private" in response["Cache-Control"]


def test_the_owners_304_has_the_headers_of_the_views_own(user_client, staff_client, order):
    etag = user_client.get(url(order))["ETag"]

    owners = user_client.get(url(order), HTTP_IF_NONE_MATCH=etag)
    # Staff revalidating a customer's order go through the view.
    staffs = staff_client.get(url(order), HTTP_IF_NONE_MATCH=etag)

    assert owners.status_code == staffs.status_code == HTTPStatus.NOT_MODIFIED
    for header in ("ETag", "Cache-Control", "Vary"):
        assert owners[header] == staffs[header], header


def test_a_deactivated_users_token_gets_no_304(user_client, user, order):
    etag = user_client.get(url(order))["ETag"]
    user.is_active = False
    user.save(update_fields=["is_active"])

    response = user_client.get(url(order), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response.json()["error"]["code"] == "user_inactive"


def test_another_customers_current_etag_is_a_404(user_client, auth_client, order):
    etag = user_client.get(url(order))["ETag"]
    stranger = auth_client(UserFactory.create())

    response = stranger.get(url(order), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize(
    "authorization", ["Bearer not-a-token", "Bearer", "Basic dXNlcjpwYXNz", "Bearer a.b.c"]
)
def test_a_bad_token_with_a_current_etag_is_a_401(api_client, user_client, order, authorization):
    etag = user_client.get(url(order))["ETag"]

    response = api_client.get(url(order), HTTP_IF_NONE_MATCH=etag, HTTP_AUTHORIZATION=authorization)

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert "error" in response.json()


@pytest.mark.parametrize("public_id", ["not-a-uuid", "0" * 40, "%00"])
def test_a_revalidation_of_no_such_order_is_a_404(user_client, public_id):
    response = user_client.get(f"/api/v1/orders/{public_id}/", HTTP_IF_NONE_MATCH='"1"')

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_detail_answers_an_outdated_etag_with_the_new_body(user_client, order):
    etag = user_client.get(url(order))["ETag"]
    user_client.patch(url(order), {"note": "ring twice", "version": 1})

    response = user_client.get(url(order), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == HTTPStatus.OK
    assert response.json()["note"] == "ring twice"
    assert response["ETag"] != etag


def test_list_answers_a_current_etag_with_304(user_client, order, django_assert_max_num_queries):
    etag = user_client.get(LIST_URL)["ETag"]

    # The user and the page: the validator comes from the page's own rows.
    with django_assert_max_num_queries(2):
        response = user_client.get(LIST_URL, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == HTTPStatus.NOT_MODIFIED
    assert response.content == b""
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize("change", ["new order", "status change"])
def test_list_etag_changes_with_the_rows_of_the_page(user_client, user, order, change):
    etag = user_client.get(LIST_URL)["ETag"]
    if change == "new order":
        OrderFactory.create(user=user)
    else:
        user_client.post(f"{url(order)}cancel/")

    response = user_client.get(LIST_URL, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == HTTPStatus.OK
    assert response["ETag"] != etag


def test_patch_with_the_current_if_match_needs_no_version(user_client, order):
    etag = user_client.get(url(order))["ETag"]

    response = user_client.patch(url(order), {"note": "leave at door"}, HTTP_IF_MATCH=etag)

    assert response.status_code == HTTPStatus.OK
    assert response.json()["version"] == 2
    assert response["ETag"] == '"2"'


def test_patch_with_a_stale_if_match_is_412_and_changes_nothing(user_client, order):
    stale = user_client.get(url(order))["ETag"]
    user_client.patch(url(order), {"note": "first", "version": 1})

    response = user_client.patch(url(order), {"note": "second"}, HTTP_IF_MATCH=stale)

    assert response.status_code == HTTPStatus.PRECONDITION_FAILED
    error = response.json()["error"]
    assert error["code"] == "precondition_failed"
    assert error["details"] == {"etag": '"2"'}
    order.refresh_from_db()
    assert (order.note, order.version) == ("first", 2)


def test_a_stale_if_match_wins_over_a_current_body_version(user_client, order):
    stale = user_client.get(url(order))["ETag"]
    user_client.patch(url(order), {"note": "first", "version": 1})

    response = user_client.patch(url(order), {"note": "second", "version": 2}, HTTP_IF_MATCH=stale)

    assert response.status_code == HTTPStatus.PRECONDITION_FAILED


def test_if_match_and_a_different_body_version_are_refused(user_client, order):
    user_client.patch(url(order), {"note": "first", "version": 1})

    response = user_client.patch(url(order), {"note": "second", "version": 1}, HTTP_IF_MATCH='"2"')

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "If-Match" in response.json()["error"]["details"]["version"][0]
    order.refresh_from_db()
    assert order.note == "first"


def test_patch_without_if_match_or_version_is_refused(user_client, order):
    response = user_client.patch(url(order), {"note": "no lock"})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "version" in response.json()["error"]["details"]


def test_if_match_any_still_needs_the_body_version(user_client, order):
    without = user_client.patch(url(order), {"note": "any"}, HTTP_IF_MATCH="*")
    with_version = user_client.patch(url(order), {"note": "any", "version": 1}, HTTP_IF_MATCH="*")

    assert without.status_code == HTTPStatus.BAD_REQUEST
    assert with_version.status_code == HTTPStatus.OK


def test_a_change_between_the_if_match_check_and_the_write_is_412(user_client, order, monkeypatch):
    # The view holds the order as read at version 1 while another writer moves it on.
    read_before = type(order).objects.get(pk=order.pk)
    user_client.patch(url(order), {"note": "meanwhile", "version": 1})
    monkeypatch.setattr(OrderViewSet, "get_object", lambda view: read_before)

    response = user_client.patch(url(order), {"note": "late"}, HTTP_IF_MATCH='"1"')

    assert response.status_code == HTTPStatus.PRECONDITION_FAILED
    assert response.json()["error"]["details"] == {"current_version": 2}
    order.refresh_from_db()
    assert order.note == "meanwhile"
