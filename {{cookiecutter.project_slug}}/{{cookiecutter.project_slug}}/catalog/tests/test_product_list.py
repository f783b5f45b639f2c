from decimal import Decimal
from http import HTTPStatus

import pytest

from {{ cookiecutter.project_slug }}.catalog.models import Product

from .factories import ProductFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/products/"


def collect_pages(client, url):
    """Follow the cursor's `next` links and return every result in order."""
    results = []
    while url:
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK
        results.extend(response.json()["results"])
        url = response.json()["next"]
    return results


def names(response):
    return [product["name"] for product in response.json()["results"]]


def test_anonymous_sees_only_active_products(api_client):
    active = ProductFactory.create(name="On sale")
    ProductFactory.create(name="Withdrawn", is_active=False)

    response = api_client.get(URL)

    assert response.status_code == HTTPStatus.OK
    assert [product["id"] for product in response.json()["results"]] == [active.pk]


def test_list_is_newest_first_by_default(api_client):
    older = ProductFactory.create()
    newer = ProductFactory.create()

    response = api_client.get(URL)

    assert [product["id"] for product in response.json()["results"]] == [
        newer.pk,
        older.pk,
    ]


def test_price_range_filters_are_inclusive(api_client):
    ProductFactory.create(name="Cheap", price=Decimal("5.00"))
    ProductFactory.create(name="Middle", price=Decimal("10.00"))
    ProductFactory.create(name="Dear", price=Decimal("20.00"))

    response = api_client.get(URL, {"min_price": "10", "max_price": "20", "ordering": "price"})

    assert names(response) == ["Middle", "Dear"]


def test_in_stock_filter_splits_on_zero_stock(api_client):
    ProductFactory.create(name="Available", stock=1)
    ProductFactory.create(name="Sold out", stock=0)

    assert names(api_client.get(URL, {"in_stock": "true"})) == ["Available"]
    assert names(api_client.get(URL, {"in_stock": "false"})) == ["Sold out"]


def test_search_ranks_exact_name_then_prefix_then_contains(api_client):
    ProductFactory.create(name="Big lamp")
    ProductFactory.create(name="Lamp shade")
    ProductFactory.create(name="Lamp")
    ProductFactory.create(name="Chair")

    response = api_client.get(URL, {"search": "lamp"})

    assert names(response) == ["Lamp", "Lamp shade", "Big lamp"]


def test_ordering_applies_within_a_search_rank(api_client):
    ProductFactory.create(name="Lamp B", price=Decimal("1.00"))
    ProductFactory.create(name="Lamp A", price=Decimal("2.00"))
    ProductFactory.create(name="Lamp")

    response = api_client.get(URL, {"search": "lamp", "ordering": "name"})

    assert names(response) == ["Lamp", "Lamp A", "Lamp B"]


def test_search_results_page_through_in_rank_order(api_client):
    for n in range(4):
        ProductFactory.create(name=f"Old lamp {n}")
    for n in range(4):
        ProductFactory.create(name=f"Lamp {n}")
    ProductFactory.create(name="Lamp")

    results = collect_pages(api_client, f"{URL}?search=lamp&page_size=2")

    ranked = [product["name"] for product in results]
    assert ranked[0] == "Lamp"
    assert set(ranked[1:5]) == {f"Lamp {n}" for n in range(4)}
    assert set(ranked[5:]) == {f"Old lamp {n}" for n in range(4)}
    assert len(ranked) == 9


def test_ordering_by_a_non_unique_field_pages_through_every_product_once(api_client):
    prices = [3, 1, 2, 1, 1, 3, 2, 1, 2, 3, 1]
    products = [ProductFactory.create(price=Decimal(price)) for price in prices]

    results = collect_pages(api_client, f"{URL}?ordering=-price&page_size=3")

    assert sorted(product["id"] for product in results) == sorted(p.pk for p in products)
    served = [Decimal(product["price"]) for product in results]
    assert served == sorted(served, reverse=True)


def test_previous_link_returns_the_page_before(api_client):
    for price in [1, 1, 2, 2, 3, 3, 4]:
        ProductFactory.create(price=Decimal(price))
    first = api_client.get(URL, {"ordering": "price", "page_size": 3}).json()
    second = api_client.get(first["next"]).json()

    back = api_client.get(second["previous"]).json()

    assert [p["id"] for p in back["results"]] == [p["id"] for p in first["results"]]


def test_ordering_outside_the_allowlist_is_ignored(api_client):
    low_stock_newer = ProductFactory.create(stock=1)
    high_stock_older = ProductFactory.create(stock=50)
    Product.objects.filter(pk=high_stock_older.pk).update(
        created_at=low_stock_newer.created_at.replace(year=2000)
    )

    response = api_client.get(URL, {"ordering": "-stock"})

    ids = [product["id"] for product in response.json()["results"]]
    assert ids == [low_stock_newer.pk, high_stock_older.pk]


def test_page_size_is_capped_at_100(api_client):
    ProductFactory.create_batch(101)

    response = api_client.get(URL, {"page_size": 500})

    assert len(response.json()["results"]) == 100
    assert response.json()["next"] is not None


def test_list_costs_the_same_queries_at_page_size_5_and_100(
    api_client, django_assert_max_num_queries
):
    ProductFactory.create_batch(105)

    with django_assert_max_num_queries(1) as small:
        small_page = api_client.get(URL, {"page_size": 5})
    with django_assert_max_num_queries(1) as large:
        large_page = api_client.get(URL, {"page_size": 100})

    assert len(small_page.json()["results"]) == 5
    assert len(large_page.json()["results"]) == 100
    assert len(small.captured_queries) == len(large.captured_queries)


def test_detail_runs_one_query(api_client, django_assert_max_num_queries):
    product = ProductFactory.create()

    with django_assert_max_num_queries(1):
        response = api_client.get(f"{URL}{product.pk}/")

    assert response.status_code == HTTPStatus.OK
    assert response.json()["sku"] == product.sku


def test_list_filters_do_not_apply_to_the_detail(api_client):
    product = ProductFactory.create(name="Desk lamp", stock=0)

    response = api_client.get(f"{URL}{product.pk}/", {"search": "chair", "in_stock": "true"})

    assert response.status_code == HTTPStatus.OK


def test_inactive_product_detail_is_not_found_for_the_public(api_client):
    product = ProductFactory.create(is_active=False)

    response = api_client.get(f"{URL}{product.pk}/")

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_invalid_filter_value_is_a_400_with_field_errors(api_client):
    response = api_client.get(URL, {"min_price": "cheap"})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "min_price" in response.json()["error"]["details"]


def test_staff_see_inactive_products_in_the_list(staff_client):
    active = ProductFactory.create()
    withdrawn = ProductFactory.create(is_active=False)

    response = staff_client.get(URL)

    assert [product["id"] for product in response.json()["results"]] == [withdrawn.pk, active.pk]


@pytest.mark.parametrize(("value", "expected"), [("false", "withdrawn"), ("true", "active")])
def test_staff_filter_the_list_by_is_active(staff_client, value, expected):
    products = {
        "active": ProductFactory.create(),
        "withdrawn": ProductFactory.create(is_active=False),
    }

    response = staff_client.get(URL, {"is_active": value})

    assert [product["id"] for product in response.json()["results"]] == [products[expected].pk]


def test_customers_asking_for_inactive_products_get_none(user_client):
    ProductFactory.create(is_active=False)

    response = user_client.get(URL, {"is_active": "false"})

    assert response.status_code == HTTPStatus.OK
    assert response.json()["results"] == []


def test_staff_fetch_an_inactive_product(staff_client):
    withdrawn = ProductFactory.create(is_active=False)

    response = staff_client.get(f"{URL}{withdrawn.pk}/")

    assert response.status_code == HTTPStatus.OK
    assert response.json()["is_active"] is False


def test_an_inactive_product_is_not_found_for_customers(user_client):
    withdrawn = ProductFactory.create(is_active=False)

    response = user_client.get(f"{URL}{withdrawn.pk}/")

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_staff_list_query_budget(staff_client, django_assert_max_num_queries):
    ProductFactory.create_batch(3, is_active=False)

    # The user, then the page.
    with django_assert_max_num_queries(2):
        response = staff_client.get(URL)

    assert len(response.json()["results"]) == 3
