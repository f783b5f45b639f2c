"""Product search: trigram similarity on PostgreSQL, the substring ranking elsewhere."""

from http import HTTPStatus

import pytest
from django.db import connection

from {{ cookiecutter.project_slug }}.catalog import selectors
from {{ cookiecutter.project_slug }}.catalog.models import Product
from {{ cookiecutter.project_slug }}.catalog.selectors import SEARCH_RANK

from .factories import ProductFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/products/"


def ranked(products):
    return list(products.order_by(SEARCH_RANK, "name").values_list("name", flat=True))


def search(client, text):
    response = client.get(URL, {"search": text})
    assert response.status_code == HTTPStatus.OK
    return [product["name"] for product in response.json()["results"]]


def test_the_substring_ranking_puts_the_exact_name_then_prefixes_then_the_rest():
    """The fallback for databases without pg_trgm (SQLite), called directly so that it runs
    on whichever database the suite has."""
    for name in ["Big lamp", "Lamp shade", "LAMP", "Chair", "Lampshade"]:
        ProductFactory.create(name=name)

    found = selectors.rank_by_substring(products=Product.objects.all(), text="lamp")

    assert ranked(found) == ["LAMP", "Lamp shade", "Lampshade", "Big lamp"]


def test_the_database_vendor_chooses_the_ranking():
    found = selectors.search_products(products=Product.objects.all(), text="lamp")

    uses_trigrams = "%>" in str(found.query)
    assert uses_trigrams == (connection.vendor == "postgresql")


@pytest.mark.requires_service("postgresql")
def test_similarity_forgives_a_typo_that_a_substring_search_misses():
    ProductFactory.create(name="Mechanical keyboard")
    ProductFactory.create(name="Desk lamp")

    found = selectors.rank_by_similarity(products=Product.objects.all(), text="keybord")

    assert ranked(found) == ["Mechanical keyboard"]
    assert not selectors.rank_by_substring(products=Product.objects.all(), text="keybord")


@pytest.mark.requires_service("postgresql")
def test_similarity_ranks_exact_then_prefix_then_word_then_description(api_client):
    ProductFactory.create(name="Reading light", description="A lamp for the bedside table")
    ProductFactory.create(name="Big lamp")
    ProductFactory.create(name="Lamp shade")
    ProductFactory.create(name="Lamp")
    ProductFactory.create(name="Chair", description="Oak")

    assert search(api_client, "lamp") == ["Lamp", "Lamp shade", "Big lamp", "Reading light"]


@pytest.mark.requires_service("postgresql")
def test_similarity_finds_a_product_by_its_sku_first(api_client):
    ProductFactory.create(name="Lamp", sku="LMP-100")
    ProductFactory.create(name="Desk", sku="DSK-7", description="Pairs with LMP-100")

    assert search(api_client, "lmp-100") == ["Lamp", "Desk"]


@pytest.mark.requires_service("postgresql")
def test_similarity_results_page_through_in_rank_order(api_client):
    """The cursor marks a page by its last rank, a float: the next page starts after it."""
    for n in range(3):
        ProductFactory.create(name=f"Reading light {n}", description="A small lamp")
        ProductFactory.create(name=f"Old lamp {n}")
    ProductFactory.create(name="Lamp")

    url, seen = f"{URL}?search=lamp&page_size=2", []
    while url:
        body = api_client.get(url).json()
        seen += [product["name"] for product in body["results"]]
        url = body["next"]

    assert seen[0] == "Lamp"
    assert set(seen[1:4]) == {f"Old lamp {n}" for n in range(3)}
    assert set(seen[4:]) == {f"Reading light {n}" for n in range(3)}
    assert len(seen) == 7
