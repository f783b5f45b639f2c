from celery import shared_task

from . import emails


@shared_task
def send_order_confirmation(order_id):
    return emails.send_order_confirmation(order_id=order_id)


@shared_task
def expire_pending_orders():
    # Imported here: services imports this module to dispatch the confirmation task.
    from .services import expire_pending_orders

    return expire_pending_orders()
