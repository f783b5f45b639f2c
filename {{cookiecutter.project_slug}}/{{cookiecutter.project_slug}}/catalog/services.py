"""Every write to the catalogue, including the stock that checkouts reserve and release.

Every write here ends with `catalogue_changed()`, which retires the cached anonymous product
list pages once the write commits (catalog.cache).

Stock reservation and release lock products in ascending id order; callers that lock other
rows too (an order) take those first, so concurrent writers queue instead of deadlocking.
"""

from django.db import IntegrityError, transaction
from django.db.models import Case, F, IntegerField, ProtectedError, Value, When
from django.utils import timezone

from {{ cookiecutter.project_slug }}.core.exceptions import (
    BadRequest,
    Conflict,
    Unprocessable,
    ValidationFailed,
)
from {{ cookiecutter.project_slug }}.core.idempotency import fingerprint, write_once

from .cache import catalogue_changed
from .models import MAX_STOCK, Product, ProductImport

_SKU_TAKEN = {"sku": ["A product with this SKU already exists."]}


def create_product(*, sku, name, price, stock=0, description="", is_active=True) -> Product:
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


def update_product(*, product, data, stock_delta=0) -> Product:
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
            adjust_product_stock(product=product, delta=stock_delta)
    return product


def adjust_product_stock(*, product, delta) -> Product:
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
    catalogue_changed()
    product.refresh_from_db(fields=["stock", "updated_at"])
    return product


def _save(product, **save_options):
    """Save; a SKU that another product took meanwhile is a 400, anything else a bug."""
    try:
        with transaction.atomic():
            product.save(**save_options)
            catalogue_changed()
    except IntegrityError as exc:
        # The serializer checked the SKU, but a concurrent write can still take it first.
        if Product.objects.filter(sku=product.sku).exclude(pk=product.pk).exists():
            raise ValidationFailed(_SKU_TAKEN) from exc
        raise


# What a bulk write changes on a product that exists: everything but the SKU, the creation
# time and the stock, which checkouts change concurrently and only a relative stock_delta
# may move.
BULK_UPDATE_FIELDS = ("name", "description", "price", "is_active", "updated_at")


def upsert_products(*, user, rows, idempotency_key=None) -> tuple[dict, bool]:
    """Create or update, by SKU, every product of `rows` in one transaction.

    All or nothing: the rows arrive validated, and the whole batch is one INSERT ... ON
    CONFLICT (sku) DO UPDATE. A row's `stock` is the initial stock of a product it creates;
    an existing product keeps its stock. Returns `(result, replayed)`: a replay of an
    `idempotency_key` returns the first import's result and writes nothing; the same key
    with other rows is a 422.
    """
    request_hash = fingerprint(rows)

    def import_rows():
        result = _upsert(rows=rows)
        catalogue_changed()
        if idempotency_key is not None:
            # Last, in the same transaction: a concurrent replay waits on the unique key
            # until this commits, then fails here and replays this import instead.
            ProductImport.objects.create(
                user=user, idempotency_key=idempotency_key, request_hash=request_hash, result=result
            )
        return result

    return write_once(
        key=idempotency_key,
        replay=lambda: _replayed_import(user=user, key=idempotency_key, request_hash=request_hash),
        write=import_rows,
    )


def _upsert(*, rows):
    skus = [row["sku"] for row in rows]
    # The catalogue's lock order (ascending id), taken before the write: checkouts lock the
    # same rows in the same order, so the two queue instead of deadlocking.
    existing = dict(
        Product.objects.select_for_update()
        .filter(sku__in=skus)
        .order_by("pk")
        .values_list("sku", "pk")
    )
    products = Product.objects.bulk_create(
        [Product(**row) for row in rows],
        batch_size=len(rows),
        update_conflicts=True,
        unique_fields=["sku"],
        update_fields=BULK_UPDATE_FIELDS,
    )
    created = len(rows) - len(existing)
    return {
        "created": created,
        "updated": len(existing),
        "rows": [
            {
                "index": index,
                "id": product.pk,
                "sku": product.sku,
                "created": product.sku not in existing,
            }
            for index, product in enumerate(products)
        ],
    }


def _replayed_import(*, user, key, request_hash):
    previous = ProductImport.objects.filter(user=user, idempotency_key=key).first()
    if previous is None:
        return None
    if previous.request_hash != request_hash:
        raise Unprocessable(
            "This Idempotency-Key was already used with a different request body.",
            code="idempotency_key_reused",
            details={"import": previous.pk},
        )
    return previous.result


def deactivate_product(*, product) -> Product:
    """The default delete: hide the product but keep it for the orders that reference it."""
    if product.is_active:
        product.is_active = False
        product.save(update_fields=["is_active", "updated_at"])
        catalogue_changed()
    return product


def delete_product(*, product) -> None:
    """Delete a product no order references; the order items' PROTECT foreign key decides."""
    with transaction.atomic():
        # Checkout locks products too, so no order item can appear between lock and delete.
        locked = Product.objects.select_for_update().get(pk=product.pk)
        try:
            locked.delete()
            catalogue_changed()
        except ProtectedError as exc:
            referencing = len(exc.protected_objects)
            raise Conflict(
                f"{referencing} order item(s) reference this product; deactivate it instead.",
                code="product_in_use",
                details={"order_items": referencing},
            ) from None


def reserve_stock(*, quantities) -> list[Product]:
    """Take `quantities` ({product id: units}) off the shelf for a checkout.

    Locks the products in id order, refuses (400) a product that is missing, inactive or
    short of stock, and takes every quantity in one UPDATE. Returns the locked products,
    ordered by id. Call it inside the caller's transaction.
    """
    products = _lock_products(product_ids=quantities)
    _check_orderable(products=products, quantities=quantities)
    Product.objects.filter(pk__in=quantities).update(
        stock=F("stock") - _per_product(quantities), updated_at=timezone.now()
    )
    catalogue_changed()
    return products


def release_stock(*, quantities) -> None:
    """Put `quantities` ({product id: units}) back on the shelf (a cancelled or refunded order).

    Locks the products in id order; a quantity that would lift a product past MAX_STOCK is a
    409 and puts nothing back. Call it inside the caller's transaction.
    """
    _check_restockable(products=_lock_products(product_ids=quantities), quantities=quantities)
    Product.objects.filter(pk__in=quantities).update(
        stock=F("stock") + _per_product(quantities), updated_at=timezone.now()
    )
    catalogue_changed()


def _lock_products(*, product_ids):
    return list(Product.objects.select_for_update().filter(pk__in=product_ids).order_by("pk"))


def _check_orderable(*, products, quantities):
    found = {product.pk: product for product in products}
    for product_id in sorted(quantities):
        product = found.get(product_id)
        if product is None or not product.is_active:
            # By id only: the name of a hidden product is not the customer's to see.
            raise BadRequest(
                f"Product #{product_id} is not available.",
                code="product_unavailable",
                details={"product": product_id},
            )
        if product.stock < quantities[product_id]:
            raise BadRequest(
                f"Not enough stock for {product.name} ({product.sku}): "
                f"{product.stock} left, {quantities[product_id]} requested.",
                code="insufficient_stock",
                details={
                    "product": product_id,
                    "sku": product.sku,
                    "available": product.stock,
                    "requested": quantities[product_id],
                },
            )


def _check_restockable(*, products, quantities):
    for product in products:
        if quantities[product.pk] > product.stock_room:
            raise Conflict(
                f"Putting {quantities[product.pk]} of {product.sku} back would exceed its "
                "stock limit; lower the product's stock first.",
                code="stock_out_of_range",
                details={
                    "product": product.pk,
                    "stock": product.stock,
                    "quantity": quantities[product.pk],
                },
            )


def _per_product(quantities):
    """One UPDATE for all products: `quantity` looked up per row."""
    return Case(
        *(When(pk=pk, then=Value(quantity)) for pk, quantity in quantities.items()),
        default=Value(0),
        output_field=IntegerField(),
    )
