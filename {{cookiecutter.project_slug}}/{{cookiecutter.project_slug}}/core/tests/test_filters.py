"""FilterSets that build their form class once filter exactly as django-filter's do."""

import types
from decimal import Decimal

import django_filters
import pytest

from {{ cookiecutter.project_slug }}.catalog.filters import ProductFilter
from {{ cookiecutter.project_slug }}.catalog.models import Product
from {{ cookiecutter.project_slug }}.catalog.tests.factories import ProductFactory
from {{ cookiecutter.project_slug }}.core.filters import CachedFormFilterSet
from {{ cookiecutter.project_slug }}.orders.filters import OrderFilter


def build_form_class(filterset):
    return django_filters.FilterSet.get_form_class(filterset)


def uncached(filterset_class):
    """The same FilterSet building its form class every time, as django-filter does."""
    assert issubclass(filterset_class, CachedFormFilterSet)
    return types.new_class(
        f"Uncached{filterset_class.__name__}",
        (filterset_class,),
        exec_body=lambda namespace: namespace.update(get_form_class=build_form_class),
    )


@pytest.mark.parametrize("filterset_class", [ProductFilter, OrderFilter])
def test_every_filterset_shares_one_form_class(filterset_class):
    assert filterset_class().form.__class__ is filterset_class().form.__class__


def described(form):
    return [
        (name, type(field), str(field.label), field.required, str(field.help_text))
        for name, field in form.fields.items()
    ]


@pytest.mark.parametrize("filterset_class", [ProductFilter, OrderFilter])
def test_the_form_has_django_filters_fields(filterset_class, monkeypatch):
    # Both forms are built now, from the same filters: a form class cached by an earlier
    # test may predate the schema generator fixing labels on the class's filters.
    monkeypatch.delattr(filterset_class, "_form_class", raising=False)
    cached, plain = filterset_class().form, uncached(filterset_class)().form

    assert described(cached) == described(plain)


@pytest.mark.django_db
def test_filters_as_django_filter_would():
    ProductFactory.create(price=Decimal("5.00"))
    ProductFactory.create(price=Decimal("50.00"))
    data = {"min_price": "10"}
    products = Product.objects.all()

    assert list(ProductFilter(data, queryset=products).qs) == list(
        uncached(ProductFilter)(data, queryset=products).qs
    )


def test_each_request_is_validated_on_its_own():
    ProductFilter({"min_price": "10"}).is_valid()

    invalid = ProductFilter({"min_price": "ten"})

    assert not invalid.is_valid()
    assert invalid.errors == uncached(ProductFilter)({"min_price": "ten"}).errors
