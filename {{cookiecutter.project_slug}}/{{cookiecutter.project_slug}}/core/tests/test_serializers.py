"""Serializers that build their fields once per class serialize exactly as DRF's do."""

import copy

import pytest
from rest_framework import serializers

from {{ cookiecutter.project_slug }}.catalog.serializers import ProductSerializer
from {{ cookiecutter.project_slug }}.catalog.tests.factories import ProductFactory
from {{ cookiecutter.project_slug }}.core.serializers import CachedFieldsModelSerializer
from {{ cookiecutter.project_slug }}.orders.serializers import (
    OrderDetailSerializer,
    OrderItemSerializer,
    OrderListSerializer,
)
from {{ cookiecutter.project_slug }}.orders.tests.factories import OrderFactory, OrderItemFactory

CACHED = [ProductSerializer, OrderItemSerializer, OrderListSerializer, OrderDetailSerializer]


def uncached(serializer_class):
    """The same serializer on DRF's ModelSerializer, which rebuilds its fields every time."""
    assert serializer_class.__bases__ == (CachedFieldsModelSerializer,)
    attributes = {"Meta": serializer_class.Meta}
    attributes.update(copy.deepcopy(serializer_class._declared_fields))
    return type(serializer_class.__name__, (serializers.ModelSerializer,), attributes)


@pytest.mark.parametrize("serializer_class", CACHED)
def test_fields_are_the_ones_drf_builds(serializer_class):
    serializer_class()  # the first instance builds the fields; later ones get copies

    assert repr(serializer_class()) == repr(uncached(serializer_class)())


@pytest.mark.parametrize("serializer_class", CACHED)
def test_each_instance_gets_its_own_fields(serializer_class):
    first, second = serializer_class(), serializer_class()

    assert all(first.fields[name] is not second.fields[name] for name in first.fields)
    assert all(field.parent is second for field in second.fields.values())


@pytest.mark.django_db
def test_an_order_serializes_as_drf_would():
    order = OrderFactory.create()
    OrderItemFactory.create_batch(2, order=order)

    assert OrderDetailSerializer(order).data == uncached(OrderDetailSerializer)(order).data


@pytest.mark.django_db
def test_a_product_validates_as_drf_would():
    taken = ProductFactory.create()
    data = {"sku": taken.sku, "name": "", "price": "0", "stock": -1}

    cached, plain = ProductSerializer(data=data), uncached(ProductSerializer)(data=data)

    assert not cached.is_valid()
    assert not plain.is_valid()
    assert cached.errors == plain.errors
