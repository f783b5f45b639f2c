"""Property tests: generated cursors and JSON bodies never get a 5xx, always the envelope."""

import base64
import json
from http import HTTPStatus
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from {{ cookiecutter.project_slug }}.catalog.tests.factories import ProductFactory
from {{ cookiecutter.project_slug }}.orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db

# The fixtures hold for every example: they are only read, or written in the test's
# transaction. No example database: nothing is written next to the project.
EXAMPLES = settings(
    max_examples=75,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# What a position could be mistaken for: dates, numbers, names, and the characters between.
positions = st.one_of(
    st.text(max_size=40),
    st.datetimes().map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["NaN", "-Infinity", "1e999999", "-1e-999999", "\x00", "", " "]),
    st.integers().map(str),
)
offsets = st.one_of(st.integers(min_value=-5, max_value=10**6).map(str), st.text(max_size=5))
reverses = st.sampled_from(["0", "1", "2", "-1", "x", ""])


@st.composite
def cursors(draw):
    """A cursor built as DRF builds one, from crafted tokens, or plain garbage."""
    tokens = draw(st.fixed_dictionaries({}, optional={"o": offsets, "r": reverses, "p": positions}))
    encoded = base64.b64encode(urlencode(tokens).encode()).decode()
    return draw(st.one_of(st.just(encoded), st.text(max_size=60)))


def assert_client_error_in_envelope(response):
    assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR, response.content
    if response.status_code >= HTTPStatus.BAD_REQUEST:
        body = response.json()
        assert set(body) == {"error"}
        assert set(body["error"]) == {"code", "message", "details"}


@pytest.fixture
def catalogue():
    ProductFactory.create_batch(3)


@pytest.fixture
def order_history(user):
    OrderFactory.create_batch(3, user=user)


@pytest.mark.usefixtures("catalogue")
@EXAMPLES
@given(
    crafted=cursors(),
    ordering=st.sampled_from(["price", "-price", "name", "-name", "created_at", "-created_at"]),
)
def test_product_list_answers_any_cursor_without_a_5xx(api_client, crafted, ordering):
    response = api_client.get("/api/v1/products/", {"ordering": ordering, "cursor": crafted})

    assert_client_error_in_envelope(response)


@pytest.mark.usefixtures("order_history")
@EXAMPLES
@given(
    crafted=cursors(),
    ordering=st.sampled_from(["total", "-total", "created_at", "-created_at"]),
)
def test_order_list_answers_any_cursor_without_a_5xx(user_client, crafted, ordering):
    response = user_client.get("/api/v1/orders/", {"ordering": ordering, "cursor": crafted})

    assert_client_error_in_envelope(response)


# JSON values of every kind, nested; numbers beyond what any column holds included.
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from([10**30, -(10**30), 1e308, 2**63, -(2**63) - 1]),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


@st.composite
def checkout_bodies(draw, product_ids):
    """Bodies shaped like a checkout, with any values in its places."""
    item = st.fixed_dictionaries(
        {},
        optional={
            "product": st.one_of(st.sampled_from(product_ids), json_values),
            "quantity": st.one_of(st.integers(), json_values),
        },
    )
    return draw(
        st.fixed_dictionaries(
            {}, optional={"items": st.one_of(st.lists(item, max_size=3), json_values)}
        )
    )


@st.composite
def deep_documents(draw):
    """Arrays and objects nested up to twice the parser's limit, maybe unbalanced."""
    depth = draw(st.integers(min_value=1, max_value=200))
    openers = draw(st.lists(st.sampled_from(["[", '{"a":']), min_size=depth, max_size=depth))
    closers = ["]" if opener == "[" else "}" for opener in reversed(openers)]
    closed = draw(st.integers(min_value=0, max_value=depth))
    leaf = draw(st.sampled_from(["1", "", "[]", '"]]}"']))
    return ("".join(openers) + leaf + "".join(closers[:closed])).encode()


@EXAMPLES
@given(data=st.data())
def test_checkout_answers_any_json_body_without_a_5xx(user_client, data):
    product_ids = [product.id for product in ProductFactory.create_batch(2)]
    body = data.draw(st.one_of(checkout_bodies(product_ids), json_values))

    response = user_client.post(
        "/api/v1/orders/", json.dumps(body), content_type="application/json"
    )

    assert_client_error_in_envelope(response)


@EXAMPLES
@given(document=st.one_of(deep_documents(), st.binary(max_size=200)))
def test_checkout_answers_any_document_without_a_5xx(user_client, document):
    response = user_client.post("/api/v1/orders/", document, content_type="application/json")

    assert_client_error_in_envelope(response)
