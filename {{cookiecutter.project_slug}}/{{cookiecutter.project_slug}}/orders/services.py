"""Every write to orders: checkout, the status state machine, notes and expiry.

Locks are always taken in the same order, first the order row, then its products by
ascending id (catalog's reserve_stock and release_stock lock those), so concurrent
checkouts, cancellations and refunds queue instead of deadlocking. Stock belongs to the
catalogue: orders changes it only through those two services.
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from {{ cookiecutter.project_slug }}.catalog import services as catalog_services
from {{ cookiecutter.project_slug }}.core.background import job, run_after_commit
from {{ cookiecutter.project_slug }}.core.exceptions import Conflict, Unprocessable
from {{ cookiecutter.project_slug }}.core.idempotency import fingerprint, write_once

from .emails import send_order_confirmation
from .models import Order, OrderItem

Status = Order.Status
CENT = Decimal("0.01")


def place_order(*, user, items, note="", idempotency_key=None) -> tuple[Order, bool]:
    """Check out `items` ([{"product": id, "quantity": n}]) for `user`.

    Returns `(order, created)`. A replay of an `idempotency_key` returns the order the key
    first created, without charging stock again; the same key with another body is a 422.
    """
    quantities = {item["product"]: item["quantity"] for item in items}
    request_hash = fingerprint_request(quantities=quantities, note=note)

    def check_out():
        order = _create_order(
            user=user,
            quantities=quantities,
            note=note,
            idempotency_key=idempotency_key,
            request_hash=request_hash,
        )
        run_after_commit(send_order_confirmation, order_id=order.pk)
        return order

    order, replayed = write_once(
        key=idempotency_key,
        replay=lambda: _replayed_order(user=user, key=idempotency_key, request_hash=request_hash),
        write=check_out,
    )
    return order, not replayed


def fingerprint_request(*, quantities, note):
    """What tells a replay of an Idempotency-Key from a different checkout under it."""
    return fingerprint({"items": sorted(quantities.items()), "note": note})


def _replayed_order(*, user, key, request_hash):
    order = Order.objects.filter(user=user, idempotency_key=key).first()
    if order is not None and order.request_hash != request_hash:
        raise Unprocessable(
            "This Idempotency-Key was already used with a different request body.",
            code="idempotency_key_reused",
            details={"order": str(order.public_id)},
        )
    return order


def _create_order(*, user, quantities, note, idempotency_key, request_hash):
    # The order row goes in first: it claims the idempotency key, so a concurrent replay
    # waits on the unique index and then replays this order instead of checking out again.
    order = Order.objects.create(
        user=user,
        total=Decimal("0.00"),
        note=note,
        idempotency_key=idempotency_key,
        request_hash=request_hash,
    )
    products = catalog_services.reserve_stock(quantities=quantities)
    lines = OrderItem.objects.bulk_create(
        OrderItem(
            order=order,
            product=product,
            product_name=product.name,
            sku=product.sku,
            unit_price=product.price,
            quantity=quantities[product.pk],
            line_total=(product.price * quantities[product.pk]).quantize(CENT),
        )
        for product in products
    )
    order.total = sum((line.line_total for line in lines), Decimal("0.00"))
    order.save(update_fields=["total"])
    return order


def pay_order(*, order) -> Order:
    """Mark a pending order paid: only staff (a payment received out of band) or the
    payments app (a verified provider event) call this, never the customer."""
    return _transition(order=order, to=Status.PAID, allowed_from={Status.PENDING})


def cancel_order(*, order) -> Order:
    return _transition(
        order=order, to=Status.CANCELLED, allowed_from={Status.PENDING}, restock=True
    )


def refund_order(*, order) -> Order:
    return _transition(order=order, to=Status.REFUNDED, allowed_from={Status.PAID}, restock=True)


def _transition(*, order, to, allowed_from, restock=False):
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status not in allowed_from:
            raise Conflict(
                f"A {locked.status} order cannot become {to}.",
                code="invalid_transition",
                details={"status": locked.status},
            )
        _apply_transition(order=locked, to=to, restock=restock)
    return locked


def _apply_transition(*, order, to, restock):
    """Change the status of a locked order, putting its items back on the shelf if asked."""
    if restock:
        quantities = dict(order.items.values_list("product_id", "quantity"))
        catalog_services.release_stock(quantities=quantities)
    order.status = to
    order.version += 1
    order.save(update_fields=["status", "version", "updated_at"])


def update_order_note(*, order, note, version) -> Order:
    """Optimistic lock: the write only lands if nobody changed the order since `version`."""
    updated = Order.objects.filter(pk=order.pk, version=version).update(
        note=note, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        current = Order.objects.filter(pk=order.pk).values_list("version", flat=True).first()
        raise Conflict(
            "The order was changed since you read it; reload it and try again.",
            code="stale_version",
            details={"current_version": current},
        )
    order.refresh_from_db()
    return order


@job(queue="orders")
def expire_pending_orders(*, older_than: timedelta | None = None) -> int:
    """Cancel and restock orders left pending for longer than `older_than`
    (ORDER_PENDING_TTL unless given).

    Each order is its own transaction; rows another worker (or a paying customer) holds
    are skipped and left for the next run. Returns how many orders were cancelled.
    """
    if older_than is None:
        older_than = settings.ORDER_PENDING_TTL
    cutoff = timezone.now() - older_than
    candidates = Order.objects.filter(status=Status.PENDING, created_at__lt=cutoff)
    expired = 0
    for order_id in candidates.order_by("created_at").values_list("pk", flat=True).iterator():
        with transaction.atomic():
            order = (
                Order.objects.select_for_update(skip_locked=True)
                .filter(pk=order_id, status=Status.PENDING)
                .first()
            )
            if order is None:
                continue
            try:
                _apply_transition(order=order, to=Status.CANCELLED, restock=True)
            except Conflict:
                continue  # Its restock would overfill a product: it stays pending, for staff.
        expired += 1
    return expired
