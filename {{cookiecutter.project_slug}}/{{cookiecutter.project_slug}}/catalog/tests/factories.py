from decimal import Decimal

import factory

from {{ cookiecutter.project_slug }}.catalog.models import Product


class ProductFactory(factory.django.DjangoModelFactory[Product]):
    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    name = factory.Sequence(lambda n: f"Product {n}")
    description = ""
    price = Decimal("10.00")
    stock = 10
    is_active = True

    class Meta:
        model = Product
