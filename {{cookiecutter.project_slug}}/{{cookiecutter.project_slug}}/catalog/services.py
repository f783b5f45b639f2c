from django.db import IntegrityError, transaction
from rest_framework.exceptions import ValidationError

from {{ cookiecutter.project_slug }}.core.exceptions import Conflict

from .models import Product

_SKU_TAKEN = {"sku": ["A product with this SKU already exists."]}


def product_create(*, sku, name, price, stock=0, description="", is_active=True) -> Product:
    product = Product(
        sku=sku,
        name=name,
        price=price,
        stock=stock,
        description=description,
        is_active=is_active,
    )
    _save(product)
    return product


def product_update(*, product, data) -> Product:
    """Write only the given fields, so a concurrent checkout's stock decrement is not lost."""
    for field, value in data.items():
        setattr(product, field, value)
    _save(product, update_fields=[*data, "updated_at"])
    return product


def _save(product, **save_options):
    """Save; a SKU that another product took meanwhile is a 400, anything else a bug."""
    try:
        with transaction.atomic():
            product.save(**save_options)
    except IntegrityError as exc:
        # The serializer checked the SKU, but a concurrent write can still take it first.
        if Product.objects.filter(sku=product.sku).exclude(pk=product.pk).exists():
            raise ValidationError(_SKU_TAKEN) from exc
        raise


def product_deactivate(*, product) -> Product:
    """The default delete: hide the product but keep it for the orders that reference it."""
    if product.is_active:
        product.is_active = False
        product.save(update_fields=["is_active", "updated_at"])
    return product


def product_delete(*, product) -> None:
    with transaction.atomic():
        # Checkout locks products too, so no order item can appear between count and delete.
        locked = Product.objects.select_for_update().get(pk=product.pk)
        referencing = locked.order_items.count()
        if referencing:
            raise Conflict(
                f"{referencing} order item(s) reference this product; deactivate it instead.",
                code="product_in_use",
                details={"order_items": referencing},
            )
        locked.delete()
