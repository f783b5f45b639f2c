from decimal import Decimal

import factory

from {{ cookiecutter.project_slug }}.catalog.tests.factories import ProductFactory
from {{ cookiecutter.project_slug }}.orders.models import Order, OrderItem
from {{ cookiecutter.project_slug }}.users.tests.factories import UserFactory


class OrderFactory(factory.django.DjangoModelFactory[Order]):
    """An order as the database holds it; real checkouts go through `services.place_order`."""

    user = factory.SubFactory(UserFactory)
    status = Order.Status.PENDING
    total = Decimal("0.00")

    class Meta:
        model = Order


class OrderItemFactory(factory.django.DjangoModelFactory[OrderItem]):
    order = factory.SubFactory(OrderFactory)
    product = factory.SubFactory(ProductFactory)
    product_name = factory.SelfAttribute("product.name")
    sku = factory.SelfAttribute("product.sku")
    unit_price = factory.SelfAttribute("product.price")
    quantity = 1
    line_total = factory.LazyAttribute(lambda item: item.unit_price * item.quantity)

    class Meta:
        model = OrderItem
