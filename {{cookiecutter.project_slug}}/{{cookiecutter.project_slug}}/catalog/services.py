from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from {{ cookiecutter.project_slug }}.core.exceptions import Conflict

from .models import MAX_STOCK, Product

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


def product_update(*, product, data, stock_delta=0) -> Product:
    """Write only the given fields, and change the stock only by `stock_delta`.

    Stock is never written back as a value read earlier: a checkout that ran between the
    read and this write would be lost, and the product could then oversell.
    """
    with transaction.atomic():
        if data:
            for field, value in data.items():
                setattr(product, field, value)
            _save(product, update_fields=[*data, "updated_at"])
        if stock_delta:
            product_adjust_stock(product=product, delta=stock_delta)
    return product


def product_adjust_stock(*, product, delta) -> Product:
    """Add `delta` (negative to remove) to the stock in one conditional UPDATE.

    The database applies it to the stock it holds at that moment, so concurrent checkouts
    and adjustments all count; a result below 0 or above MAX_STOCK changes nothing and is a
    409.
    """
    adjusted = Product.objects.filter(
        pk=product.pk, stock__gte=-delta, stock__lte=MAX_STOCK - delta
    ).update(stock=F("stock") + delta, updated_at=timezone.now())
    if not adjusted:
        current = Product.objects.filter(pk=product.pk).values_list("stock", flat=True).first()
        if current is not None and current + delta < 0:
            raise Conflict(
                f"Not enough stock to remove {-delta}: {current} left.",
                code="insufficient_stock",
                details={"stock": current, "stock_delta": delta},
            )
        raise Conflict(
            f"The stock would exceed {MAX_STOCK}.",
            code="stock_out_of_range",
            details={"stock": current, "stock_delta": delta, "max_stock": MAX_STOCK},
        )
    product.refresh_from_db(fields=["stock", "updated_at"])
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
