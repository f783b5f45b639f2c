"""The jobs as Celery tasks, run in-process with `.apply()` whatever broker is configured."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from config.celery import app as celery_app
from {{ cookiecutter.project_slug }}.orders.models import Order

from .factories import OrderFactory, OrderItemFactory

pytestmark = pytest.mark.django_db

SLUG = "{{ cookiecutter.project_slug }}"
send_order_confirmation = celery_app.tasks[f"{SLUG}.orders.emails.send_order_confirmation"]
expire_pending_orders = celery_app.tasks[f"{SLUG}.orders.services.expire_pending_orders"]


def test_confirmation_task_mails_once_however_often_it_runs(user):
    order = OrderFactory.create(user=user)
    OrderItemFactory.create(order=order)

    first = send_order_confirmation.apply(kwargs={"order_id": order.pk})
    second = send_order_confirmation.apply(kwargs={"order_id": order.pk})

    assert (first.get(), second.get()) == (True, False)
    assert len(mail.outbox) == 1


def test_confirmation_task_for_a_missing_order_is_quiet():
    result = send_order_confirmation.apply(kwargs={"order_id": 987_654})

    assert result.successful()
    assert result.get() is False
    assert mail.outbox == []


def test_expiry_task_cancels_orders_older_than_the_setting(user, settings):
    settings.ORDER_PENDING_TTL = timedelta(minutes=30)
    stale, fresh = OrderFactory.create(user=user), OrderFactory.create(user=user)
    Order.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(hours=1))

    result = expire_pending_orders.apply()

    assert result.get() == 1
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert (stale.status, fresh.status) == (Order.Status.CANCELLED, Order.Status.PENDING)
