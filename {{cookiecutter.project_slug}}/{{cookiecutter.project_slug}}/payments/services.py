"""Payments confirmed by the provider. The order itself is marked paid by orders' service."""

import logging
from typing import NoReturn

from django.conf import settings
from django.db import IntegrityError, transaction

from {{ cookiecutter.project_slug }}.core.exceptions import BadRequest, Conflict
from {{ cookiecutter.project_slug }}.orders import selectors as order_selectors
from {{ cookiecutter.project_slug }}.orders import services as order_services

from .models import Payment

logger = logging.getLogger(__name__)


def record_payment(*, event_id, order, amount, currency) -> tuple[Payment, bool]:
    """Record the provider's `payment.succeeded` event `event_id` and mark order `order` paid.

    Returns `(payment, created)`. An event id seen before returns the payment it recorded
    and changes nothing. An amount or currency that is not the order's is a 400, an order
    that can no longer be paid (cancelled, already paid) a 409; both write nothing.
    """
    replayed = Payment.objects.filter(provider_event_id=event_id).first()
    if replayed is not None:
        return replayed, False
    paid_order = order_selectors.find_order(public_id=order)
    if paid_order is None:
        _reject(event_id, f"Order {order} does not exist.", code="unknown_order", order=order)
    if currency != settings.CURRENCY or amount != paid_order.total:
        _reject(
            event_id,
            f"The payment of {amount} {currency} does not match the order's "
            f"{paid_order.total} {settings.CURRENCY}.",
            code="payment_mismatch",
            order=order,
        )
    try:
        with transaction.atomic():
            # The row goes in first: it claims the event id, so the same event delivered
            # twice at once waits on the unique index and is then answered as a replay.
            payment = Payment.objects.create(
                provider_event_id=event_id, order=paid_order, amount=amount, currency=currency
            )
            order_services.pay_order(order=paid_order)
    except IntegrityError:
        replayed = Payment.objects.filter(provider_event_id=event_id).first()
        if replayed is None:
            raise
        return replayed, False
    except Conflict as exc:
        logger.warning("Payment event %s for order %s refused: %s", event_id, order, exc.detail)
        raise
    return payment, True


def _reject(event_id, message, *, code, order) -> NoReturn:
    logger.warning("Payment event %s refused: %s", event_id, message)
    raise BadRequest(message, code=code, details={"event": event_id, "order": str(order)})
