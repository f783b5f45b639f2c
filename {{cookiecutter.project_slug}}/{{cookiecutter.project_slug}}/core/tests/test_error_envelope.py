"""Every error, whichever layer raises it, answers with the same envelope."""

import uuid
from http import HTTPStatus

import pytest
from rest_framework.throttling import AnonRateThrottle

from {{ cookiecutter.project_slug }}.catalog import selectors as catalog_selectors
from {{ cookiecutter.project_slug }}.catalog.tests.factories import ProductFactory
from {{ cookiecutter.project_slug }}.catalog.views import ProductViewSet
from {{ cookiecutter.project_slug }}.orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def assert_envelope(response, status, code):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    assert "X-Request-ID" in response
    return body["error"]


def test_validation_error_is_a_400_with_field_errors(user_client):
    error = assert_envelope(
        user_client.post("/api/v1/orders/", {"items": [{"quantity": 0}]}),
        HTTPStatus.BAD_REQUEST,
        "invalid",
    )

    assert set(error["details"]["items"]["0"]) == {"product", "quantity"}


def test_missing_credentials_are_a_401(api_client):
    response = api_client.get("/api/v1/orders/")

    assert_envelope(response, HTTPStatus.UNAUTHORIZED, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_bad_token_is_a_401(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")

    assert_envelope(api_client.get("/api/v1/orders/"), HTTPStatus.UNAUTHORIZED, "token_not_valid")


def test_missing_permission_is_a_403(user_client):
    response = user_client.post("/api/v1/products/", {"sku": "X", "name": "X", "price": "1"})

    assert_envelope(response, HTTPStatus.FORBIDDEN, "permission_denied")


def test_a_missing_object_is_a_404_that_does_not_name_the_model(user_client):
    error = assert_envelope(
        user_client.get("/api/v1/orders/999999/"), HTTPStatus.NOT_FOUND, "not_found"
    )

    assert "Order" not in error["message"]


def test_an_unknown_url_is_a_404(api_client):
    assert_envelope(api_client.get("/api/v1/nothing-here/"), HTTPStatus.NOT_FOUND, "not_found")


def test_an_unknown_api_version_is_a_404(api_client):
    ProductFactory.create()

    assert_envelope(api_client.get("/api/v9/products/"), HTTPStatus.NOT_FOUND, "not_found")


def test_an_unsupported_method_is_a_405(user_client):
    response = user_client.delete("/api/v1/orders/")

    assert_envelope(response, HTTPStatus.METHOD_NOT_ALLOWED, "method_not_allowed")
    assert "GET" in response["Allow"]


def test_a_stale_write_is_a_409_with_details(user_client, user):
    order = OrderFactory.create(user=user, version=3)

    error = assert_envelope(
        user_client.patch(f"/api/v1/orders/{order.public_id}/", {"note": "x", "version": 2}),
        HTTPStatus.CONFLICT,
        "stale_version",
    )

    assert error["details"] == {"current_version": 3}


def test_an_unsupported_media_type_is_a_415(user_client):
    response = user_client.post("/api/v1/orders/", "items=1", content_type="text/plain")

    assert_envelope(response, HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")


def test_throttling_is_a_429_saying_when_to_retry(api_client, monkeypatch):
    key = f"envelope-test-{uuid.uuid4().hex}"

    class OncePerMinute(AnonRateThrottle):
        rate = "1/min"

        def get_cache_key(self, request, view):
            return key

    monkeypatch.setattr(ProductViewSet, "throttle_classes", [OncePerMinute])
    assert api_client.get("/api/v1/products/").status_code == HTTPStatus.OK

    response = api_client.get("/api/v1/products/")

    error = assert_envelope(response, HTTPStatus.TOO_MANY_REQUESTS, "throttled")
    assert 0 < error["details"]["retry_after"] <= 60
    assert int(response["Retry-After"]) == error["details"]["retry_after"]


def test_an_unexpected_exception_is_a_500_without_internals(api_client, monkeypatch):
    def explode(**kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(catalog_selectors, "list_products", explode)
    api_client.raise_request_exception = False

    response = api_client.get("/api/v1/products/")

    assert_envelope(response, HTTPStatus.INTERNAL_SERVER_ERROR, "server_error")
    assert b"secret internals" not in response.content
    assert b"Traceback" not in response.content
