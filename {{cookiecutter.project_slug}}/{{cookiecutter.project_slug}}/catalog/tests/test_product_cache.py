"""HTTP caching of the catalogue, and the shared cache behind the anonymous product list."""

import os
from http import HTTPStatus

import pytest
from django.urls import reverse

from {{ cookiecutter.project_slug }}.catalog import cache as catalog_cache
from {{ cookiecutter.project_slug }}.catalog.models import Product

from .factories import ProductFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/products/"


def ids(response):
    return [product["id"] for product in response.json()["results"]]


@pytest.fixture(
    params=[
        "locmem",
        pytest.param("redis", marks=pytest.mark.requires_service("redis")),
    ]
)
def shared_cache(request, settings):
    """The default cache on each backend the project runs with."""
    if request.param == "redis":
        backend = {
            "BACKEND": "{{ cookiecutter.project_slug }}.core.cache.SharedClientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    else:
        backend = {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "product-cache-tests",
        }
    settings.CACHES = {"default": backend}
    catalog_cache.new_generation()
    return request.param


def test_anonymous_list_is_public_for_max_age(api_client, settings):
    ProductFactory.create()

    response = api_client.get(URL)

    assert response.status_code == HTTPStatus.OK
    assert set(response["Cache-Control"].split(", ")) == {
        "public",
        f"max-age={settings.CATALOG_MAX_AGE}",
    }
    assert response["ETag"].startswith('W/"')
    assert "Authorization" in response["Vary"]


def test_signed_in_list_is_private(user_client):
    response = user_client.get(URL)

    assert set(response["Cache-Control"].split(", ")) == {"private", "no-cache"}


def test_anonymous_list_answers_a_current_etag_with_304(api_client):
    ProductFactory.create()
    etag = api_client.get(URL)["ETag"]

    response = api_client.get(URL, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == HTTPStatus.NOT_MODIFIED
    assert response.content == b""
    assert response["ETag"] == etag
    assert "public" in response["Cache-Control"]


def test_product_detail_answers_a_current_etag_with_304(api_client):
    lamp = ProductFactory.create()
    etag = api_client.get(f"{URL}{lamp.pk}/")["ETag"]

    response = api_client.get(f"{URL}{lamp.pk}/", HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == HTTPStatus.NOT_MODIFIED
    assert response["ETag"] == etag


def test_a_cached_page_is_served_without_queries(
    shared_cache, api_client, django_assert_num_queries
):
    ProductFactory.create_batch(3)
    first = api_client.get(URL)

    with django_assert_num_queries(0):
        again = api_client.get(URL)

    assert again.content == first.content
    assert again["ETag"] == first["ETag"]


def test_each_query_string_has_its_own_page(shared_cache, api_client):
    cheap = ProductFactory.create(price="5.00")
    ProductFactory.create(price="50.00")
    api_client.get(URL)

    response = api_client.get(URL, {"max_price": "10"})

    assert ids(response) == [cheap.pk]


def test_staff_bypass_the_cached_page(shared_cache, api_client, staff_client):
    active = ProductFactory.create()
    hidden = ProductFactory.create(is_active=False)
    assert ids(api_client.get(URL)) == [active.pk]

    response = staff_client.get(URL)

    assert ids(response) == [hidden.pk, active.pk]


def checkout(client, product):
    response = client.post("/api/v1/orders/", {"items": [{"product": product.pk, "quantity": 2}]})
    assert response.status_code == HTTPStatus.CREATED
    return response.json()["id"]


def cancel(client, order_id):
    response = client.post(f"/api/v1/orders/{order_id}/cancel/")
    assert response.status_code == HTTPStatus.OK


WRITES = {
    "create": lambda staff, user, lamp, order: staff.post(
        URL, {"sku": "NEW-1", "name": "New lamp", "price": "9.00", "stock": 1}
    ),
    "update": lambda staff, user, lamp, order: staff.patch(f"{URL}{lamp.pk}/", {"name": "New"}),
    "stock adjustment": lambda staff, user, lamp, order: staff.patch(
        f"{URL}{lamp.pk}/", {"stock_delta": 5}
    ),
    "deactivate": lambda staff, user, lamp, order: staff.delete(f"{URL}{lamp.pk}/"),
    "hard delete": lambda staff, user, lamp, order: staff.delete(f"{URL}{lamp.pk}/?hard=true"),
    "checkout": lambda staff, user, lamp, order: checkout(user, lamp),
    "cancel": lambda staff, user, lamp, order: cancel(user, order),
}


@pytest.mark.parametrize("write", list(WRITES))
def test_no_stale_page_after_a_product_write(
    shared_cache, api_client, staff_client, user_client, write, django_capture_on_commit_callbacks
):
    lamp = ProductFactory.create(name="Lamp", stock=10)
    # An order to cancel, placed before the page is cached (its stock already taken).
    order = checkout(user_client, ProductFactory.create(name="Bulb")) if write == "cancel" else None
    before = api_client.get(URL).json()["results"]

    with django_capture_on_commit_callbacks(execute=True):
        WRITES[write](staff_client, user_client, lamp, order)

    after = api_client.get(URL).json()["results"]
    expected = list(Product.objects.filter(is_active=True).values("id", "name", "stock"))
    assert [{key: row[key] for key in ("id", "name", "stock")} for row in after] == expected
    assert after != before


def test_no_stale_page_after_an_admin_save(
    shared_cache, api_client, admin_client, django_capture_on_commit_callbacks
):
    lamp = ProductFactory.create(name="Lamp")
    api_client.get(URL)
    form = {"sku": lamp.sku, "name": "Desk lamp", "description": "", "price": "10.00"}

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:catalog_product_change", args=[lamp.pk]), {**form, "is_active": "on"}
        )

    assert response.status_code == HTTPStatus.FOUND
    assert api_client.get(URL).json()["results"][0]["name"] == "Desk lamp"
