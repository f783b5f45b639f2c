"""Input nobody's client would send answers 4xx in the envelope, never 500 or a redirect."""

import base64
from http import HTTPStatus
from urllib.parse import urlencode

import pytest

from {{ cookiecutter.project_slug }}.catalog.tests.factories import ProductFactory
from {{ cookiecutter.project_slug }}.core.parsers import DepthLimitedJSONParser, nesting_depth
from {{ cookiecutter.project_slug }}.orders.tests.factories import OrderFactory

from .test_error_envelope import assert_envelope

pytestmark = pytest.mark.django_db


def cursor(**tokens):
    """A cursor as DRF encodes one: base64 of a query string (o offset, r reverse, p position)."""
    return base64.b64encode(urlencode(tokens).encode()).decode()


@pytest.fixture
def products():
    return ProductFactory.create_batch(3)


@pytest.fixture
def orders(user):
    return OrderFactory.create_batch(3, user=user)


PRODUCT_CURSORS = {
    "not_a_date": ("-created_at", cursor(p="notadate")),
    "naive_date": ("-created_at", cursor(p="2024-01-01 00:00:00")),
    "nul_in_a_date": ("-created_at", cursor(p="2024-01-01\x00")),
    "nan_price": ("price", cursor(p="NaN")),
    "infinite_price": ("price", cursor(p="Infinity")),
    "huge_price": ("price", cursor(p="1e999999")),
    "nul_in_a_name": ("name", cursor(p="Product\x00")),
    "negative_offset": ("price", cursor(o="-1", p="10.00")),
    "garbage_base64": ("price", "!!not-base64!!"),
    "not_ascii": ("price", "é"),
}


@pytest.mark.parametrize(("ordering", "crafted"), PRODUCT_CURSORS.values(), ids=PRODUCT_CURSORS)
@pytest.mark.usefixtures("products")
def test_a_crafted_product_cursor_is_a_400(api_client, ordering, crafted):
    response = api_client.get("/api/v1/products/", {"ordering": ordering, "cursor": crafted})

    assert_envelope(response, HTTPStatus.BAD_REQUEST, "invalid_cursor")


ORDER_CURSORS = {
    "not_a_date": ("-created_at", cursor(p="notadate")),
    "nan_total": ("total", cursor(p="NaN")),
    "huge_total": ("-total", cursor(p="1e999999")),
    "too_precise_total": ("total", cursor(p="1.001")),
}


@pytest.mark.parametrize(("ordering", "crafted"), ORDER_CURSORS.values(), ids=ORDER_CURSORS)
@pytest.mark.usefixtures("orders")
def test_a_crafted_order_cursor_is_a_400(user_client, ordering, crafted):
    response = user_client.get("/api/v1/orders/", {"ordering": ordering, "cursor": crafted})

    assert_envelope(response, HTTPStatus.BAD_REQUEST, "invalid_cursor")


@pytest.mark.usefixtures("products")
def test_the_cursors_the_api_writes_still_work(api_client):
    first = api_client.get("/api/v1/products/", {"ordering": "price", "page_size": 2}).json()

    following = api_client.get(first["next"])

    assert following.status_code == HTTPStatus.OK
    assert len(first["results"]) + len(following.json()["results"]) == 3


def test_a_deeply_nested_body_is_a_400(user_client):
    depth = 100_000
    body = "[" * depth + "]" * depth

    response = user_client.post("/api/v1/orders/", body, content_type="application/json")

    error = assert_envelope(response, HTTPStatus.BAD_REQUEST, "parse_error")
    assert "nested deeper" in error["message"]


def test_a_body_at_the_depth_limit_reaches_validation(user_client):
    depth = DepthLimitedJSONParser.max_depth
    body = '{"items": ' + "[" * (depth - 1) + "]" * (depth - 1) + "}"

    response = user_client.post("/api/v1/orders/", body, content_type="application/json")

    assert_envelope(response, HTTPStatus.BAD_REQUEST, "invalid")


@pytest.mark.parametrize(
    ("document", "depth"),
    [
        (b"{}", 1),
        (b'{"a": [1, {"b": []}]}', 4),
        (b'["[[[[", "\\"]]]"]', 1),
        (b"1", 0),
        (b"[]][[[", 2),
    ],
)
def test_nesting_depth_counts_brackets_outside_strings(document, depth):
    assert nesting_depth(document) == depth


def test_a_url_without_its_trailing_slash_is_a_404_not_a_redirect(user_client):
    response = user_client.post("/api/v1/orders", {"items": []}, format="json")

    assert_envelope(response, HTTPStatus.NOT_FOUND, "not_found")
