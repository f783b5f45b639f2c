from django.utils import timezone

from {{ cookiecutter.project_slug }}.core.background import job
from {{ cookiecutter.project_slug }}.core.db import write_despite_reconnect
from {{ cookiecutter.project_slug }}.core.mail import send_job_mail

from .models import Order


@job(queue="emails")
def send_order_confirmation(*, order_id) -> bool:
    """Mail the customer their order, at most once.

    Runs after the checkout commits, from the outbox. No lock is held while the mail server
    is talked to: the order is read, the mail sent, and the send recorded with a conditional
    update, so a second run finds it done. A missing order (deleted before the job ran) is
    not an error. Returns whether a mail went out.
    """
    order = Order.objects.select_related("user").filter(pk=order_id).first()
    if order is None or order.confirmation_sent_at is not None:
        return False
    send_job_mail(
        subject=f"Your order {order.public_id}",
        body=_confirmation_text(order),
        to=[order.user.email],
    )
    write_despite_reconnect(
        lambda: Order.objects.filter(pk=order.pk, confirmation_sent_at__isnull=True).update(
            confirmation_sent_at=timezone.now()
        )
    )
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
            f"Order: {order.public_id}",
        ]
    )
