import uuid
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from .models import Order


def list_visible_orders(*, user) -> QuerySet[Order]:
    """Staff see every order; anyone else only their own, so others' orders are a 404."""
    orders = Order.objects.all()
    return orders if user.is_staff else orders.filter(user=user)


def own_order_version(*, public_id, user_id) -> int | None:
    """The version of the order `public_id` if it belongs to `user_id` and that user is
    active, else None (a public id that is not a UUID names no order)."""
    try:
        public_id = uuid.UUID(str(public_id))
    except ValueError:
        return None
    return (
        Order.objects.filter(public_id=public_id, user_id=user_id, user__is_active=True)
        .values_list("version", flat=True)
        .first()
    )


def find_order(*, public_id) -> Order | None:
    """Any user's order by its public id, for callers that are not a user (the payment
    provider)."""
    return Order.objects.filter(public_id=public_id).first()


def search_orders(*, orders: QuerySet[Order], text: str) -> QuerySet[Order]:
    """`orders` named by `text`: an order's id (its public id), or its customer's email.

    Searches only within `orders`, which the caller has already scoped to what its user
    may see: a customer finds nothing of anyone else's.
    """
    text = text.strip()
    try:
        return orders.filter(public_id=uuid.UUID(text))
    except ValueError:
        return orders.filter(user__email__iexact=text)


def list_orders(*, user) -> QuerySet[Order]:
    """Only the columns a list row shows (and the version, for the page's ETag): the notes,
    hashes and keys stay in the database."""
    return (
        list_visible_orders(user=user)
        .only("id", "public_id", "status", "total", "version", "created_at")
        .annotate(item_count=Count("items"))
    )


def summarize_orders(*, orders: QuerySet[Order]) -> dict:
    """Order count and total per status (every status present), summed by the database."""
    rows = orders.order_by().values("status").annotate(count=Count("id"), total=Sum("total"))
    by_status = {status: {"count": 0, "total": Decimal("0.00")} for status in Order.Status.values}
    for row in rows:
        by_status[row["status"]] = {"count": row["count"], "total": row["total"]}
    return {
        "count": sum(entry["count"] for entry in by_status.values()),
        "by_status": by_status,
    }
