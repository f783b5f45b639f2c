from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import Order


def send_order_confirmation(*, order_id) -> bool:
    """Mail the customer their order, at most once.

    Commit hooks and task retries can both run this twice for one order, so the send
    is recorded on the order under its row lock. A missing order (deleted before the
    job ran) is not an error. Returns whether a mail went out.
    """
    with transaction.atomic():
        order = (
            Order.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=order_id)
            .first()
        )
        if order is None or order.confirmation_sent_at is not None:
            return False
        send_mail(
            subject=f"Your order {order.pk}",
            message=_confirmation_text(order),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[order.user.email],
        )
        order.confirmation_sent_at = timezone.now()
        order.save(update_fields=["confirmation_sent_at"])
    return True


def _confirmation_text(order):
    lines = [
        f"{item.quantity} x {item.product_name} ({item.sku}) @ {item.unit_price} = "
        f"{item.line_total}"
        for item in order.items.all()
    ]
    return "\n".join(
        [
            "Thank you for your order.",
            "",
            *lines,
            "",
            f"Total: {order.total}",
            f"Order: {order.pk}",
        ]
    )
